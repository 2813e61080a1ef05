import { singleSwitchVariants } from '../../emulator/option-switches';
import { describeReconciliationScan } from '../changefeed/support/reconciliation-scan.suite';

// Issue 11: the reconciliation-scan change-feed suite under every emulator switch flipped alone.
for (const variant of singleSwitchVariants()) {
  describeReconciliationScan(` with ${variant.label}`, variant.options);
}
