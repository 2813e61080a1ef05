import { describeFixtureFlowMatrix } from './support/fixture-flow-matrix';

// Issue 11: the okta flows pass under every emulator switch flipped alone from its default.
describeFixtureFlowMatrix('okta');
