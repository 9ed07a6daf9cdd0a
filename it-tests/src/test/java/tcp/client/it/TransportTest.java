package tcp.client.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A conformance scenario, run once per transport under test; the transport's name is its only
 * argument and appears in the display name, e.g. {@code cs011_connectToEcho(String) [conscrypt]}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{displayName} [{0}]")
@MethodSource("tcp.client.it.TransportsUnderTest#names")
public @interface TransportTest {
}
