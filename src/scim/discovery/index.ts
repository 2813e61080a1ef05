export { createDiscovery, type DiscoveryDocuments, type DiscoveryInput } from './discovery-documents';
export { renderServiceProviderConfig, type ServiceProviderOptions, type AuthenticationSchemeType, type ServiceProviderConfigRepresentation, type PaginationCapabilities } from './service-provider-config';
export { renderResourceType, type ResourceTypeRepresentation } from './resource-type-representation';
export { renderSchema, renderAttribute, type SchemaRepresentation, type AttributeRepresentation } from './schema-representation';
