package com.orderdeskmcp.front;

import com.orderdeskmcp.front.mcp.StdioStreams;
import com.orderdeskmcp.front.tenants.OperatorCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar mcp-front.jar} serves MCP over Streamable HTTP; {@code --stdio} serves one client
 * over stdin/stdout (token from {@code FRONT_STDIO_TOKEN}); {@code tenants ...}, {@code stores ...}
 * and {@code vault ...} are the operator commands (see {@link OperatorCli}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FrontApplication {

    public static void main(String[] args) {
        if (args.length > 0 && OperatorCli.COMMANDS.contains(args[0])) {
            System.exit(OperatorCli.run(args));
        }
        List<String> rest = Arrays.asList(args);
        if (rest.contains("--stdio")) {
            // stdout carries MCP messages only: the transport keeps the real stdout; everything else,
            // logs included (the console appender writes to System.out as it is at each write), goes to stderr.
            StdioStreams.capture();
            System.setProperty("spring.ai.mcp.server.stdio", "true");
            System.setProperty("spring.main.web-application-type", "none");
            // One client's process: the audit read model is kept by the HTTP instances.
            System.setProperty("front.audit.projection", "false");
            args = rest.stream().filter(a -> !a.equals("--stdio")).toArray(String[]::new);
        }
        SpringApplication.run(FrontApplication.class, args);
    }
}
