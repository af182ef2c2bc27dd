package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.ledger.LeadRecord;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ResponseStatusException;

/** Who is looking: a console user, their role and (for a town coordinator) their town. */
public record Viewer(String username, String role, String town, String displayName) {

    public static Viewer of(Authentication authentication, ConsoleUsers users) {
        ConsoleUsers.Account account = users.account(authentication.getName());
        String role = account == null ? ConsoleUsers.AUDITOR : account.getRole();
        return new Viewer(authentication.getName(), role, account == null ? null : account.getTown(),
                account == null || account.getName() == null ? authentication.getName() : account.getName());
    }

    public boolean mayAct() {
        return ConsoleUsers.CITY_ADMIN.equals(role) || ConsoleUsers.TOWN_COORDINATOR.equals(role);
    }

    /** Personal data (ID numbers, phones) in full: those who act on a lead; an auditor sees it masked. */
    public boolean seesPersonalData() {
        return mayAct();
    }

    public boolean boundToTown() {
        return ConsoleUsers.TOWN_COORDINATOR.equals(role);
    }

    /** The town a list is limited to: a coordinator's own, whatever was asked; else what was asked. */
    public String scopeTown(String asked) {
        return boundToTown() ? town : asked;
    }

    /** Another town's lead does not exist for a coordinator: 404, not 403, so nothing is told. */
    public LeadRecord check(LeadRecord lead) {
        if (boundToTown() && (lead.townCode() == null || !lead.townCode().equals(town))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return lead;
    }

    public AuditLog.Actor actor() {
        return new AuditLog.Actor(username, role, "CONSOLE");
    }
}
