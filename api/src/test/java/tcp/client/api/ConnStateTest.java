package tcp.client.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConnStateTest {
    @Test
    void toStringGivesGolibTextsInGolibOrder() {
        List<String> texts = Stream.of(ConnState.values()).map(ConnState::toString).collect(Collectors.toList());
        assertEquals(List.of("Dial Connection", "New Connection", "Read Incoming Stream", "Close Incoming Stream",
                "Run HandlerFunc", "Write Outgoing Stream", "Close Outgoing Stream", "Close Connection"), texts);
    }
}
