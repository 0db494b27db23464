// Where a watch's things live, as paths (pages) or absolute URLs on the watch's origin (webhooks,
// feeds). One place, so the pages, the feeds and the webhook body agree.
export const watchFeedPath = (watchId: string) => `/watch/${encodeURIComponent(watchId)}/feed.xml`;
export const domainFeedPath = (domain: string) => `/domain/${encodeURIComponent(domain.replace(/\.$/, ''))}/feed.xml`;
export const managePath = (token: string) => `/watch/manage/${encodeURIComponent(token)}`;
export const reportPath = (id: string) => `/r/${encodeURIComponent(id)}`;
export const comparePath = (id: string, previous: string) => `/r/${encodeURIComponent(id)}/compare/${encodeURIComponent(previous)}`;
