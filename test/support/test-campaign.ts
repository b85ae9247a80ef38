/** A holiday campaign of the tests: fête des mères in France, with whatever a test changes. */
import { defineHolidayCampaign, type HolidayCampaignSpec } from '../../workflows/campaigns/define.ts';

export const testCampaign = (spec: Partial<HolidayCampaignSpec>) =>
  defineHolidayCampaign({
    id: 'test-campaign',
    description: 'a campaign of the tests',
    holiday: "Mother's Day",
    where: ['FR'],
    opensDaysBefore: 7,
    sendAt: '10:00',
    couponPool: 'test-pool',
    template: 'mothers-day',
    ...spec,
  });
