export { freePort, PrivateNatsCluster, PrivateNatsServer } from './private-nats';
