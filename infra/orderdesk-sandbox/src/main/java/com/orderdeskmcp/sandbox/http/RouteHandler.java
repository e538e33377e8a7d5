package com.orderdeskmcp.sandbox.http;

@FunctionalInterface
public interface RouteHandler {

  ApiResponse handle(ApiRequest request);
}
