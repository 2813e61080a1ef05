import { singleSwitchVariants } from '../../emulator/option-switches';
import { describeInsightsFeed } from '../changefeed/support/insights-feed.suite';

// Issue 11: the Directory Insights change-feed suite under every emulator switch flipped alone.
// directoryInsightsEnabled=false refuses the poller by design: the scan matrix covers that variant.
for (const variant of singleSwitchVariants().filter((entry) => entry.name !== 'directoryInsightsEnabled')) {
  describeInsightsFeed(` with ${variant.label}`, variant.options);
}
