import { describeInsightsFeed } from './support/insights-feed.suite';

describeInsightsFeed('');
