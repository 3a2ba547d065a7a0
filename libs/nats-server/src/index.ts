export { freePort, PrivateNatsServer } from './private-nats';
