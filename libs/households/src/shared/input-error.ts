/** Bad input caught before the domain sees it: unknown ids, oversized lists, malformed values. */
export class InputError extends Error {
  constructor(
    readonly code:
      'INVALID_ID' | 'INPUT_TOO_LARGE' | 'INVALID_INPUT' | 'COMMAND_ID_REUSED' | 'KNOWN_AT_AHEAD',
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
