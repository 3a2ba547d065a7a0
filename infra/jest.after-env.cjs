// Integration tests wait on real Postgres and NATS; a generous ceiling keeps slow CI machines from flaking.
jest.setTimeout(60_000);
