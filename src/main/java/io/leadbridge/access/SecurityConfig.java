package io.leadbridge.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Two ways in: the API (/api/**) is machine-to-machine, authenticated by X-Api-Key in
 * {@link ApiKeyFilter}, stateless and without CSRF; the console (/console/**) is for people: form
 * sign-in, roles, CSRF, a session that times out, a Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    /** The console's policy: everything from the bridge itself, and images from the photo hosts and map tiles too. */
    static String csp(io.leadbridge.config.ConsolePhotos photos, io.leadbridge.config.ConsoleMap map) {
        java.util.List<String> sources = new java.util.ArrayList<>(photos.hosts());
        if (map.imageSource() != null) {
            sources.add(map.imageSource());
        }
        String images = String.join(" ", sources);
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" + (images.isEmpty() ? "" : " " + images)
                + "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /** The API serves data; its one HTML page (the bulletin) carries its own style. */
    static final String API_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(API_CSP)))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, ConsoleUsers users, io.leadbridge.config.ConsolePhotos photos,
                                 io.leadbridge.config.ConsoleMap map) throws Exception {
        return http.securityMatcher("/console/**", "/login", "/logout")
                .userDetailsService(users)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/console.css").permitAll()
                        .requestMatchers(HttpMethod.GET, "/console/**").hasAnyRole(ConsoleUsers.CITY_ADMIN,
                                ConsoleUsers.TOWN_COORDINATOR, ConsoleUsers.AUDITOR)
                        // the catalogue routes the whole city: only the city office changes it
                        .requestMatchers("/console/catalogue/**").hasRole(ConsoleUsers.CITY_ADMIN)
                        .requestMatchers("/console/**").hasAnyRole(ConsoleUsers.CITY_ADMIN, ConsoleUsers.TOWN_COORDINATOR)
                        .anyRequest().permitAll())
                // after sign-in, back to the page asked for (the work queue when none was)
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/console", false).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(e -> e.accessDeniedHandler(SecurityConfig::denied))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(csp(photos, map))))
                .build();
    }

    /**
     * A form posted from a session that is gone (timed out, signed out elsewhere: its CSRF token is no longer
     * known) goes back to the page it came from, marked {@code expired}: signed out, that page asks to sign in
     * and returns there, saying the action was not done. Anything else denied is the console's 403 page.
     */
    private static void denied(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                               org.springframework.security.access.AccessDeniedException denied)
            throws java.io.IOException, jakarta.servlet.ServletException {
        String back = consolePage(request.getHeader("Referer"));
        if (denied instanceof org.springframework.security.web.csrf.CsrfException && back != null) {
            response.sendRedirect(request.getContextPath() + back);
            return;
        }
        new org.springframework.security.web.access.AccessDeniedHandlerImpl().handle(request, response, denied);
    }

    /** The path and query of a console page the referer names, marked {@code expired}; null for anything else. */
    static String consolePage(String referer) {
        if (referer == null) {
            return null;
        }
        try {
            org.springframework.web.util.UriComponents uri = org.springframework.web.util.UriComponentsBuilder.fromUriString(referer).build();
            String path = uri.getPath();
            if (path == null || !path.startsWith("/console") || path.startsWith("//")) {
                return null;
            }
            return org.springframework.web.util.UriComponentsBuilder.fromPath(path).query(uri.getQuery())
                    .replaceQueryParam("expired").queryParam("expired").build().toUriString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * No Micrometer observations of Spring Security's own (its filter chain, authentications, authorizations): with
     * them each request opened and closed an observation around every filter of the chain, about 3 % of the CPU of
     * a push in a profile (docs/performance.md, stop 46). Requests are still timed (http_server_requests), and
     * sign-ins are still audited (the authentication events below, heard by ConsoleUsers).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    DefaultAuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher publisher) {
        return new DefaultAuthenticationEventPublisher(publisher);
    }
}
