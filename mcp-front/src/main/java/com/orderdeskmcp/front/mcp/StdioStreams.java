package com.orderdeskmcp.front.mcp;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.PrintStream;

/** In stdio mode the MCP transport owns the process's real stdout; System.out is pointed at stderr. */
public final class StdioStreams {

    private static volatile OutputStream protocolOut;

    private StdioStreams() {
    }

    public static void capture() {
        protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    }

    static OutputStream protocolOut() {
        OutputStream out = protocolOut;
        return out != null ? out : new FileOutputStream(FileDescriptor.out);
    }
}
