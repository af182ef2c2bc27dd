package io.leadbridge.routing;

import java.util.List;

/** A catalogue that may not be used, with every problem found in it. */
public class CatalogueRejectedException extends RuntimeException {
    private final transient List<CatalogueProblem> problems;

    public CatalogueRejectedException(List<CatalogueProblem> problems) {
        super("catalogue refused, " + problems.size() + " problem(s): " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<CatalogueProblem> problems() {
        return problems;
    }
}
