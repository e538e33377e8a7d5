package com.orderdeskmcp.sandbox.junit;

import com.orderdeskmcp.sandbox.OrderDeskSandbox;

class SandboxExtensionFirstTest extends SharedSandboxContract {

  SandboxExtensionFirstTest(OrderDeskSandbox sandbox) {
    super(sandbox);
  }
}
