package io.leadbridge.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
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

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

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
    SecurityFilterChain console(HttpSecurity http, ConsoleUsers users) throws Exception {
        return http.securityMatcher("/console/**", "/login", "/logout")
                .userDetailsService(users)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/console.css").permitAll()
                        .requestMatchers(HttpMethod.GET, "/console/**").hasAnyRole(ConsoleUsers.CITY_ADMIN,
                                ConsoleUsers.TOWN_COORDINATOR, ConsoleUsers.AUDITOR)
                        .requestMatchers("/console/**").hasAnyRole(ConsoleUsers.CITY_ADMIN, ConsoleUsers.TOWN_COORDINATOR)
                        .anyRequest().permitAll())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/console", true).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP)))
                .build();
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
