/**
 * A start-up failure the operator can act on: its message is the whole story (no stack), printed as
 * `<service>: cannot start: <message>`.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
