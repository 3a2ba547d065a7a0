export * from './group-types';
export * from './streams';
export * from './sightings';
export {
  eventDefinitionDecider,
  eventDefinitionBody,
  type EventDefinitionState,
  type EventDefinitionCommand,
  type EventDefinitionChanges,
  type ExistingEventDefinition,
} from './event-definition';
export {
  propertyDefinitionDecider,
  propertyDefinitionBody,
  validGroupTypeIndex,
  type PropertyDefinitionState,
  type PropertyDefinitionCommand,
  type PropertyDefinitionChanges,
  type ExistingPropertyDefinition,
} from './property-definition';
