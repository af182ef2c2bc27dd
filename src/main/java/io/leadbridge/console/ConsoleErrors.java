package io.leadbridge.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * An error in the console is a console page in the user's language (template {@code error}, the same one Spring
 * Boot shows for a 403 from sign-in or an unknown path), never problem+json or a Whitelabel page: a lead of
 * another town or none is 404, a bad filter 400, the database out of reach 503. Ahead of the API's handler,
 * which answers problem+json to API clients.
 */
@ControllerAdvice(basePackages = "io.leadbridge.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler(Exception.class)
    public ModelAndView page(Exception e) {
        int status = status(e);
        if (status >= 500) {
            LOG.error("console error: {}", e.toString(), e);
        }
        ModelAndView page = new ModelAndView("error", HttpStatus.valueOf(status));
        page.addObject("status", status);
        if (status == 400) {
            page.addObject("detail", e instanceof MethodArgumentTypeMismatchException mismatch
                    ? mismatch.getName() + ": " + mismatch.getValue() : e.getMessage());
        }
        return page;
    }

    private static int status(Exception e) {
        if (e instanceof ErrorResponse response) {
            return response.getStatusCode().value();
        }
        if (e instanceof IllegalArgumentException || e instanceof MethodArgumentTypeMismatchException
                || e instanceof MissingServletRequestParameterException) {
            return 400;
        }
        if (e instanceof DataAccessException) {
            return 503;
        }
        return 500;
    }
}
