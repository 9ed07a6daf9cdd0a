/**
 * A raw TCP client with optional TLS, lifecycle callbacks and a one-shot request/response helper.
 *
 * <p>Start with {@link tcp.client.api.ClientTCP}. Unless a parameter is documented to accept null,
 * passing null to any method or constructor of this package throws {@link NullPointerException}.
 * Methods never return null: absent values are {@link java.util.Optional} or empty collections.
 */
package tcp.client.api;
