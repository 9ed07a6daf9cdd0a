/**
 * The side-by-side runner: for each provider and metric it measures the SDK and the raw API, in
 * one JVM, interleaved round by round, and reports medians.
 *
 * <p>Nothing here is exported; null arguments throw {@code NullPointerException}.
 */
package tcp.client.bench;
