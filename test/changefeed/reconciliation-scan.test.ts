import { describeReconciliationScan } from './support/reconciliation-scan.suite';

describeReconciliationScan('');
