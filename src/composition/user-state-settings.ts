import type { BridgeConfig } from '../config/load-config';
import type { UserMapping } from '../mapping';
import type { UserStateSettings } from '../provider/user-states';

/** The Users provider's state settings from the configuration (README "Lifecycle states"). */
export function userStateSettings(config: Pick<BridgeConfig, 'lifecycle'>, mapping: UserMapping): UserStateSettings {
  return {
    prehireStaged: config.lifecycle.prehireStaged,
    activationEmail: config.lifecycle.activationEmail,
    // READ_ONLY_PROFILES: the written fields JumpCloud can lock become `restrictedFields` of type scim.
    ownedFields: config.lifecycle.readOnlyProfiles ? mapping.resolved.restrictedFields : [],
  };
}
