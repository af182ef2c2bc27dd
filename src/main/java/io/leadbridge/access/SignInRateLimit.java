package io.leadbridge.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in attempts per client address: past {@code bridge.console.sign-ins-per-minute} in a minute
 * the next is 429 with Retry-After, whatever the user name (the per-user lock-out is in ConsoleUsers).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SignInRateLimit extends OncePerRequestFilter {

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Long>> attempts = new ConcurrentHashMap<>();

    public SignInRateLimit(@Value("${bridge.console.sign-ins-per-minute:30}") int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long now = clock.millis();
        Deque<Long> recent = attempts.computeIfAbsent(request.getRemoteAddr(), a -> new ArrayDeque<>());
        boolean allowed;
        synchronized (recent) {
            while (!recent.isEmpty() && recent.peekFirst() < now - 60_000) {
                recent.pollFirst();
            }
            allowed = recent.size() < perMinute;
            if (allowed) {
                recent.addLast(now);
            }
        }
        if (!allowed) {
            response.setStatus(429);
            response.setHeader("Retry-After", "60");
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("登录尝试过于频繁，请一分钟后再试 / Too many sign-in attempts: try again in a minute");
            return;
        }
        chain.doFilter(request, response);
    }
}
