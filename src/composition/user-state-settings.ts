import type { BridgeConfig } from '../config/load-config';
import { bridgeOwnedFields, type UserMapping } from '../mapping';
import type { UserStateSettings } from '../provider/user-states';

/** The Users provider's state settings from the configuration (README "Lifecycle states"). */
export function userStateSettings(config: Pick<BridgeConfig, 'lifecycle'>, mapping: UserMapping): UserStateSettings {
  return {
    prehireStaged: config.lifecycle.prehireStaged,
    activationEmail: config.lifecycle.activationEmail,
    // READ_ONLY_PROFILES: the fields this mapping writes become `restrictedFields` of type scim.
    ownedFields: config.lifecycle.readOnlyProfiles ? bridgeOwnedFields(mapping.resolved) : [],
  };
}
