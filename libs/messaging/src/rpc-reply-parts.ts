import { headers as natsHeaders, type MsgHdrs } from 'nats';

/**
 * A reply larger than one NATS message (the server's `max_payload`, 1 MiB by default) travels as parts, each a message
 * to the same reply subject with `Strata-Reply-Part: <i>/<n>`; `RpcClient` joins them before decoding. A reply that
 * fits is one message without the header, as before. So an answer's size is not capped by the transport: a compare or
 * a copy report of thousands of flags, a page of a large list.
 */
export const REPLY_PART_HEADER = 'Strata-Reply-Part';

/** What a part may carry: the connection's `max_payload` less room for the headers. */
export function partBytesOf(maxPayload: number | undefined): number {
  return Math.max(1, (maxPayload ?? 1024 * 1024) - 4096);
}

/** The reply cut into parts of at most `partBytes`, each with its header; one part without a header when it fits. */
export function replyParts(reply: Uint8Array, partBytes: number): { data: Uint8Array; headers?: MsgHdrs }[] {
  if (reply.length <= partBytes) return [{ data: reply }];
  const count = Math.ceil(reply.length / partBytes);
  return Array.from({ length: count }, (_, i) => {
    const headers = natsHeaders();
    headers.set(REPLY_PART_HEADER, `${i + 1}/${count}`);
    return { data: reply.subarray(i * partBytes, (i + 1) * partBytes), headers };
  });
}

/** The parts of one reply as they arrive; `add` answers the whole reply once every part is in. */
export class ReplyAssembly {
  private parts: (Uint8Array | undefined)[] = [];
  private received = 0;

  add(header: string, data: Uint8Array): Uint8Array | undefined {
    const [index, count] = header.split('/').map(Number);
    if (this.parts.length === 0) this.parts = new Array<Uint8Array | undefined>(count);
    if (this.parts[index - 1] === undefined) this.received++;
    this.parts[index - 1] = data;
    if (this.received < count) return undefined;
    const whole = new Uint8Array(this.parts.reduce((total, part) => total + part!.length, 0));
    let offset = 0;
    for (const part of this.parts) {
      whole.set(part!, offset);
      offset += part!.length;
    }
    return whole;
  }
}
