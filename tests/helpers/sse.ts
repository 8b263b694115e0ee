// Reads a Server-Sent Events response into messages, as a browser's EventSource would.
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/** Reads messages until `until` returns true for one, the stream ends, or `timeoutMs` passes. */
export async function readSse(res: Response, until: (m: SseMessage) => boolean, timeoutMs = 60_000): Promise<SseMessage[]> {
  if (!res.body) throw new Error('response has no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<{ done: true; value: undefined }>((r) => setTimeout(() => r({ done: true, value: undefined }), Math.max(0, deadline - Date.now()))),
      ]);
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let sep: number;
      while ((sep = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        const msg: SseMessage = { id: null, event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          const i = line.indexOf(':');
          const field = i < 0 ? line : line.slice(0, i);
          const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
          if (field === 'id') msg.id = value;
          else if (field === 'event') msg.event = value;
          else if (field === 'data') data.push(value);
        }
        msg.data = data.join('\n');
        messages.push(msg);
        if (until(msg)) return messages;
      }
    }
    return messages;
  } finally {
    await reader.cancel().catch(() => {});
  }
}
