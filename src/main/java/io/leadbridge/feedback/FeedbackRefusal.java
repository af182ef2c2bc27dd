package io.leadbridge.feedback;

/** Thrown inside the feedback transaction to roll it back and answer a refusal. */
class FeedbackRefusal extends RuntimeException {
    final transient FeedbackResult result;

    FeedbackRefusal(FeedbackResult result) {
        super(result.title(), null, false, false);
        this.result = result;
    }
}
