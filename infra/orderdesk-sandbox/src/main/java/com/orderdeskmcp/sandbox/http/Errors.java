package com.orderdeskmcp.sandbox.http;

import com.orderdeskmcp.sandbox.support.ConflictException;
import com.orderdeskmcp.sandbox.support.InvalidRequestException;
import com.orderdeskmcp.sandbox.support.NotFoundException;
import java.lang.System.Logger.Level;

/** Maps what handlers throw to error envelopes; anything unexpected becomes a bare 500. */
public final class Errors {

  private static final System.Logger LOG = System.getLogger(Errors.class.getName());

  private Errors() {
  }

  public static ApiResponse toResponse(RuntimeException e) {
    return switch (e) {
      case ApiException api -> ApiResponse.error(api.status(), api.getMessage());
      case InvalidRequestException invalid -> ApiResponse.error(400, invalid.getMessage());
      case NotFoundException notFound -> ApiResponse.error(404, notFound.getMessage());
      case ConflictException conflict -> ApiResponse.error(409, conflict.getMessage());
      default -> {
        // The client gets no details: a stack trace in a response is a bug report nobody asked for.
        LOG.log(Level.WARNING, "Unhandled error in the OrderDesk sandbox", e);
        yield ApiResponse.error(500, "Internal sandbox error");
      }
    };
  }
}
