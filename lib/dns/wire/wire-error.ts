// One closed set of wire failures. The decoder returns them (it never throws); the encoder throws
// them as WireFormatError, since bad input to the encoder is a bug in our own code or lab data.

export type WireErrorKind =
  // Decoding: what a hostile or broken packet can do.
  | 'truncated' // the message ends inside a header, question, record or name
  | 'pointer-loop' // compression pointers that come back to where they started (RFC 1035 4.1.4)
  | 'pointer-forward' // a pointer to the same or a later offset: not "a prior occurrence"
  | 'pointer-out-of-range' // a pointer past the end of the message
  | 'rdlength-overrun' // RDLENGTH reaches past the end of the message
  | 'bad-label-type' // label type 0x40 (RFC 6891 6.1 deprecated extended) or 0x80 (reserved)
  | 'name-too-long' // more than 255 octets (RFC 1035 2.3.4)
  | 'bad-rdata' // RDATA that does not fit its type or its RDLENGTH
  | 'trailing-data' // octets after the last record the header counts
  // Encoding: what bad input to the encoder can do.
  | 'label-too-long' // more than 63 octets (RFC 1035 2.3.4)
  | 'bad-name' // an empty label or a bad escape in presentation form
  | 'unknown-type' // a type mnemonic we cannot turn into a number
  | 'bad-input'; // anything else the encoder cannot represent

export interface WireError {
  kind: WireErrorKind;
  message: string;
  /** Octet offset in the message where the problem was found, when there is one. */
  offset?: number;
}

export class WireFormatError extends Error {
  readonly kind: WireErrorKind;
  readonly offset?: number;

  constructor(kind: WireErrorKind, message: string, offset?: number) {
    super(message);
    this.name = 'WireFormatError';
    this.kind = kind;
    if (offset !== undefined) this.offset = offset;
  }

  toWireError(): WireError {
    return this.offset === undefined ? { kind: this.kind, message: this.message } : { kind: this.kind, message: this.message, offset: this.offset };
  }
}

export function wireFail(kind: WireErrorKind, message: string, offset?: number): never {
  throw new WireFormatError(kind, message, offset);
}
