import { describeFixtureFlowMatrix } from './support/fixture-flow-matrix';

// Issue 11: the SailPoint flows pass under every emulator switch flipped alone from its default.
describeFixtureFlowMatrix('sailpoint');
