package io.leadbridge.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's users, from config ({@code bridge.console.users.<name>}: BCrypt password hash,
 * role, town for a coordinator). After {@code max-failures} failed sign-ins in a row a user is
 * locked out for {@code lock-out}.
 */
@Component
@ConfigurationProperties("bridge.console")
public class ConsoleUsers implements UserDetailsService {

    public static final String CITY_ADMIN = "CITY_ADMIN";
    public static final String TOWN_COORDINATOR = "TOWN_COORDINATOR";
    public static final String AUDITOR = "AUDITOR";

    /** One user as configured. */
    public static class Account {
        private String password = "";
        private String role = AUDITOR;
        private String town;
        private String name;

        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getRole() { return role; }
        public void setRole(String role) { this.role = role; }
        public String getTown() { return town; }
        public void setTown(String town) { this.town = town; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
    }

    private Map<String, Account> users = new LinkedHashMap<>();
    private int maxFailures = 5;
    private Duration lockOut = Duration.ofMinutes(15);
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();
    private final Clock clock;

    public ConsoleUsers(Clock clock) {
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = users.get(username);
        if (account == null || account.getPassword().isBlank()) {
            throw new UsernameNotFoundException(username);
        }
        Instant until = lockedUntil.get(username);
        boolean locked = until != null && until.isAfter(clock.instant());
        return User.withUsername(username).password(account.getPassword()).roles(account.getRole())
                .accountLocked(locked).build();
    }

    public Account account(String username) {
        return users.get(username);
    }

    @EventListener
    public void failed(AuthenticationFailureBadCredentialsEvent event) {
        String username = String.valueOf(event.getAuthentication().getPrincipal());
        if (users.containsKey(username) && failures.merge(username, 1, Integer::sum) >= maxFailures) {
            lockedUntil.put(username, clock.instant().plus(lockOut));
            failures.remove(username);
        }
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        failures.remove(event.getAuthentication().getName());
    }

    public Map<String, Account> getUsers() { return users; }
    public void setUsers(Map<String, Account> users) { this.users = users; }
    public int getMaxFailures() { return maxFailures; }
    public void setMaxFailures(int maxFailures) { this.maxFailures = maxFailures; }
    public Duration getLockOut() { return lockOut; }
    public void setLockOut(Duration lockOut) { this.lockOut = lockOut; }
}
