package tcp.client.transport.bc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs a test once with BCJSSE over the JDK's crypto ({@code jca}) and once over BC's ({@code bc}). */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "crypto={0}")
@ValueSource(strings = {"jca", "bc"})
@interface BothCryptos {
}
