package tcp.client.examples.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RpcExampleTest {

    @Test
    void callsEachMethodAndReportsTheServersError() throws Exception {
        try (RpcServer server = RpcServer.start(0)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            RpcExample.run(server.address(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("echo hello      -> hello"), out);
            assertTrue(out.contains("upper tcp       -> TCP"), out);
            assertTrue(out.contains("sum 1 2 3 4     -> 10"), out);
            assertTrue(out.contains("echo 100000 B   -> 100000 B back"), out);
            assertTrue(out.contains("divide 1 0      -> error: unknown method \"divide\""), out);
        }
    }

    @Test
    void anErrorReplyLeavesTheConnectionUsable() throws Exception {
        try (RpcServer server = RpcServer.start(0); RpcClient rpc = RpcClient.connect(server.address())) {
            RpcErrorException e = assertThrows(RpcErrorException.class, () -> rpc.call("sum", "1 x"));
            assertTrue(e.getMessage().startsWith("sum wants integers"), e.getMessage());
            assertEquals("", rpc.call("echo", ""));
            assertEquals("ÄÖ Ü", rpc.call("upper", "äö ü"));
        }
    }

    @Test
    void framesAreFourByteBigEndianLengthsThenThePayload() throws Exception {
        // The server reads the prefix with DataInputStream.readInt: a frame of 300 bytes only
        // arrives whole if the client wrote 00 00 01 2C before it.
        try (RpcServer server = RpcServer.start(0); RpcClient rpc = RpcClient.connect(server.address())) {
            String big = "y".repeat(300);
            assertEquals(big, rpc.call("echo", big));
        }
    }
}
