package com.orderdeskmcp.sandbox.junit;

import com.orderdeskmcp.sandbox.OrderDeskSandbox;

class SandboxExtensionSecondTest extends SharedSandboxContract {

  SandboxExtensionSecondTest(OrderDeskSandbox sandbox) {
    super(sandbox);
  }
}
