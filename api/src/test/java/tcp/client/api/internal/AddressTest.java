package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import tcp.client.api.InvalidAddressException;

@Timeout(10)
class AddressTest {

    // GOLIB-NOTES §1 "Accepted", CS-001 and CS-007, with the port each one gives.
    @ParameterizedTest(name = "{0} -> host \"{1}\" port {2}")
    @CsvSource(delimiter = '|', value = {
        ":8080                  | ''            | 8080",
        ":8082                  | ''            | 8082",
        "[::1]:8080             | ::1           | 8080",
        "[::1]:8086             | ::1           | 8086",
        "127.0.0.1:0            | 127.0.0.1     | 0",
        "127.0.0.1:8080         | 127.0.0.1     | 8080",
        "127.0.0.1:65535        | 127.0.0.1     | 65535",
        "localhost:65535        | localhost     | 65535",
        "localhost:8083         | localhost     | 8083",
        "127.0.0.1:             | 127.0.0.1     | 0",
        "localhost:             | localhost     | 0",
        "[::1]:                 | ::1           | 0",
        "127.0.0.1:+80          | 127.0.0.1     | 80",
        ":+80                   | ''            | 80",
        ":080                   | ''            | 80",
        ":00080                 | ''            | 80",
        ":000000000000000000080 | ''            | 80",
        "LOCALHOST:8080         | LOCALHOST     | 8080",
        "0.0.0.0:8081           | 0.0.0.0       | 8081",
        "[::]:80                | ::            | 80",
        "[2001:db8::1]:8087     | 2001:db8::1   | 8087",
        "[fe80::1%lo]:80        | fe80::1%lo    | 80",
        "[fe80::1%eth99]:80     | fe80::1%eth99 | 80",
        "[127.0.0.1]:80         | 127.0.0.1     | 80",
        "[localhost]:80         | localhost     | 80",
        "[::ffff:127.0.0.1]:80  | ::ffff:127.0.0.1 | 80",
        "[1:2:3:4:5:6:7:8]:1    | 1:2:3:4:5:6:7:8 | 1",
        "example.com.:443       | example.com.  | 443",
        "_under_score:80        | _under_score  | 80",
        "nonexistent.invalid:80 | nonexistent.invalid | 80",
        "a-b.c_d.e9:1           | a-b.c_d.e9    | 1",
    })
    void acceptsGoFormsWithTheirPorts(String address, String host, int port) {
        Address parsed = Address.parse(address);
        assertEquals(host, parsed.host());
        assertEquals(port, parsed.port());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void emptyOrNullAddressGivesExactlyTheGoErrorText(String address) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> Address.parse(address));
        assertEquals("invalid dial address", e.getMessage());
    }

    // GOLIB-NOTES §1 "Rejected", CS-003 to CS-006 and CS-009, with the reason we give.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "not-a-valid-address        | missing port in address",
        "8080                       | missing port in address",
        "[::1]                      | missing port in address",
        "[::1]x:80                  | missing port in address",
        "::1:8080                   | too many colons in address",
        "invalid::address::format   | too many colons in address",
        "localhost:8080:9090        | too many colons in address",
        "[::1]:80:90                | too many colons in address",
        "[::1:80                    | missing ']' in address",
        "a[b]:80                    | unexpected '[' in address",
        "a]b:80                     | unexpected ']' in address",
        ":99999                     | port out of range 0-65535",
        ":65536                     | port out of range 0-65535",
        ":-1                        | port out of range 0-65535",
        "127.0.0.1:4294967377       | port out of range 0-65535",
        ":123456789012345678901234567890 | port out of range 0-65535",
        ":abc                       | port must be decimal digits",
        ":0x50                      | port must be decimal digits",
        "': 80'                     | port must be decimal digits",
        "':80 '                     | port must be decimal digits",
        ":+                         | port must be decimal digits",
        ":+-80                      | port must be decimal digits",
        "localhost:http             | port must be decimal digits",
        "localhost:https            | port must be decimal digits",
        "localhost:ssh              | port must be decimal digits",
        "127.1:80                   | invalid host \"127.1\"",
        "1.2.3:80                   | invalid host \"1.2.3\"",
        "0:80                       | invalid host \"0\"",
        "256.1.1.1:80               | invalid host \"256.1.1.1\"",
        "1.2.3.4.5:80               | invalid host \"1.2.3.4.5\"",
        "010.0.0.1:80               | invalid host \"010.0.0.1\"",
        "127.0.0.1.:80              | invalid host \"127.0.0.1.\"",
        "' 127.0.0.1:80'            | invalid host \" 127.0.0.1\"",
        "host with space:80         | invalid host \"host with space\"",
        "a..b:80                    | invalid host \"a..b\"",
        ".a:80                      | invalid host \".a\"",
        ".:80                       | invalid host \".\"",
        "x/y:80                     | invalid host \"x/y\"",
        "h\u00e9te:80               | invalid host",
        "[]:80                      | invalid host \"\"",
        "[::g]:80                   | invalid host \"::g\"",
        "[1:2:3:4:5:6:7:8:9]:80     | invalid host",
        "[1::2::3]:80               | invalid host",
        "[12345::1]:80              | invalid host",
        "[fe80::1%]:80              | invalid host \"fe80::1%\"",
        "[fe80::1%a b]:80           | invalid host",
        "[1.2.3]:80                 | invalid host \"1.2.3\"",
        "[localhost%lo]:80          | invalid host \"localhost%lo\"",
    })
    void rejectsMalformedAddressesSayingWhy(String address, String reason) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> Address.parse(address));
        assertTrue(e.getMessage().startsWith("invalid dial address \"" + address + "\": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void outOfRangePortMessageIsTheOneInTheStyleGuide() {
        InvalidAddressException e = assertThrows(InvalidAddressException.class,
                () -> Address.parse("localhost:99999"));
        assertEquals("invalid dial address \"localhost:99999\": port out of range 0-65535", e.getMessage());
    }

    @Test
    void hostNamesLongerThan253CharactersOrWithLabelsOver63AreRejected() {
        String label63 = "a".repeat(63);
        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertEquals(253, name253.length());
        assertEquals(name253, Address.parse(name253 + ":1").host());
        assertEquals(name253 + ".", Address.parse(name253 + ".:1").host());
        assertThrows(InvalidAddressException.class, () -> Address.parse(name253 + "a:1"));
        assertThrows(InvalidAddressException.class, () -> Address.parse("a".repeat(64) + ".com:1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[::1]:8080          | [::1]:8080",
        ":8080               | :8080",
        "127.0.0.1:80        | 127.0.0.1:80",
        "[127.0.0.1]:80      | 127.0.0.1:80",
        "[fe80::1%lo]:80     | [fe80::1%lo]:80",
        "localhost:          | localhost:0",
        ":+080               | :80",
    })
    void toStringGivesHostColonPortWithBracketsForIpv6(String address, String expected) {
        assertEquals(expected, Address.parse(address).toString());
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:1, true", "[::1]:1, true", "[fe80::1%lo]:1, true", "[127.0.0.1]:1, true",
        "0.0.0.0:1, true", "localhost:1, false", ":1, false", "example.com:1, false",
    })
    void recognisesIpLiterals(String address, boolean literal) {
        assertEquals(literal, Address.parse(address).isIpLiteral());
    }

    @ParameterizedTest
    @CsvSource({
        ":1, true", "0.0.0.0:1, true", "[::]:1, true", "[0:0:0:0:0:0:0:0]:1, true", "[::0]:1, true",
        "127.0.0.1:1, false", "[::1]:1, false", "localhost:1, false", "0.0.0.1:1, false",
    })
    void recognisesWildcardAndEmptyHosts(String address, boolean wildcard) {
        assertEquals(wildcard, Address.parse(address).isWildcardOrEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {":8080", "0.0.0.0:8080", "[::]:8080"})
    void emptyAndWildcardHostsResolveToLoopbackOnly(String address) throws UnknownHostException {
        assertEquals(List.of(InetAddress.getLoopbackAddress()), Address.parse(address).resolve());
    }

    @Test
    void ipv4LiteralResolvesWithoutAnyLookup() throws UnknownHostException {
        List<InetAddress> resolved = Address.parse("10.1.2.3:80").resolve();
        assertEquals(1, resolved.size());
        InetAddress a = resolved.get(0);
        assertInstanceOf(Inet4Address.class, a);
        assertArrayEquals(new byte[] {10, 1, 2, 3}, a.getAddress());
        // Built from bytes: no host name was looked up, so toString has nothing before the slash.
        assertEquals("/10.1.2.3", a.toString());
    }

    @Test
    void ipv6LiteralResolvesWithoutAnyLookup() throws UnknownHostException {
        List<InetAddress> resolved = Address.parse("[2001:db8::1]:80").resolve();
        assertEquals(1, resolved.size());
        InetAddress a = resolved.get(0);
        assertInstanceOf(Inet6Address.class, a);
        byte[] expected = new byte[16];
        expected[0] = 0x20;
        expected[1] = 0x01;
        expected[2] = 0x0d;
        expected[3] = (byte) 0xb8;
        expected[15] = 1;
        assertArrayEquals(expected, a.getAddress());
        assertTrue(a.toString().startsWith("/"), a.toString());
    }

    @Test
    void ipv4MappedIpv6LiteralResolvesToTheIpv4Address() throws UnknownHostException {
        InetAddress a = Address.parse("[::ffff:192.0.2.7]:80").resolve().get(0);
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 7}, a.getAddress());
    }

    @Test
    void ipv6LiteralWithNumericZoneKeepsTheScope() throws UnknownHostException {
        InetAddress a = Address.parse("[fe80::1%1]:80").resolve().get(0);
        assertInstanceOf(Inet6Address.class, a);
        assertEquals(1, ((Inet6Address) a).getScopeId());
    }

    @Test
    void ipv6ZoneNamingNoInterfaceFailsAtResolveNotAtParse() {
        Address address = Address.parse("[fe80::1%nosuchif9]:80");
        assertThrows(UnknownHostException.class, address::resolve);
    }

    @Test
    void localhostResolvesThroughTheResolverToLoopbackAddresses() throws UnknownHostException {
        List<InetAddress> resolved = Address.parse("localhost:80").resolve();
        assertFalse(resolved.isEmpty());
        assertTrue(resolved.stream().allMatch(InetAddress::isLoopbackAddress), resolved.toString());
    }

    @Test
    void constructorKeepsTheInvariants() {
        assertEquals(new Address("localhost", 80), Address.parse("localhost:80"));
        assertThrows(NullPointerException.class, () -> new Address(null, 80));
        assertThrows(IllegalArgumentException.class, () -> new Address("localhost", 65536));
        assertThrows(IllegalArgumentException.class, () -> new Address("localhost", -1));
        assertThrows(IllegalArgumentException.class, () -> new Address("127.1", 80));
        assertThrows(IllegalArgumentException.class, () -> new Address("[::1]", 80));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "::                     | 00000000000000000000000000000000",
        "::1                    | 00000000000000000000000000000001",
        "1::                    | 00010000000000000000000000000000",
        "1:2:3:4:5:6:7:8        | 00010002000300040005000600070008",
        "1:2:3:4:5:6::8         | 00010002000300040005000600000008",
        "::ffff:1.2.3.4         | 00000000000000000000ffff01020304",
        "1:2:3:4:5:6:1.2.3.4    | 00010002000300040005000601020304",
        "FE80::AbCd             | fe80000000000000000000000000abcd",
    })
    void parsesIpv6TextForms(String text, String hex) {
        byte[] bytes = Address.parseIpv6(text);
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        assertEquals(hex, sb.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::8", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "::1.2.3", "1.2.3.4::", "::12345", "::g",
        "::\u0661"})
    void refusesMalformedIpv6Text(String text) {
        assertEquals(null, Address.parseIpv6(text));
    }
}
