/**
 * Banyan's streaming protocol: the named events of {@code /chat/stream} and
 * {@code /rag/query}, sent as Server-Sent Events or WebSocket messages.
 */
package banyan.contracts.stream;
