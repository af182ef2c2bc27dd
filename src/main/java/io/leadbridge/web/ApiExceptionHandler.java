package io.leadbridge.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as problem+json. Spring MVC's own (405, 415, a bad parameter...) come through
 * the base class; the bridge cannot keep a lead now (database or broker trouble) is a 503.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(BridgeUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(BridgeUnavailableException e) {
        LOG.error("refused a request: {}", e.getMessage(), e.getCause());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "30").contentType(Problems.PROBLEM_JSON)
                .body(Problems.problem(503, "Service unavailable", e.getMessage()));
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> database(DataAccessException e) {
        return unavailable(new BridgeUnavailableException("the ledger database cannot be reached: try again later", e));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badArgument(IllegalArgumentException e) {
        return Problems.response(Problems.problem(400, "Bad request", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail) {
            HttpHeaders out = new HttpHeaders();
            out.addAll(response.getHeaders());
            out.setContentType(Problems.PROBLEM_JSON);
            return new ResponseEntity<>(response.getBody(), out, response.getStatusCode());
        }
        return response;
    }
}
