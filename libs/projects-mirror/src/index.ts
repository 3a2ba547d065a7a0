export { projectsMirrorMigrations, resetProjectsMirror } from './projects-mirror.migrations';
export { MIRRORED_EVENTS, projectsMirrorConsumer, type MirroredEvent, type ProjectsMirrorConsumerOptions } from './projects-mirror.consumer';
export { ProjectsMirror } from './projects-mirror';
