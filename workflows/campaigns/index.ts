/**
 * The shipped holiday campaigns. Each is a journey in the registry (workflows/registry.ts):
 * keep a campaign here while customers may still be inside one of its windows.
 */
import { defineHolidayCampaign, type HolidayCampaign } from './define.ts';

/** La fête des mères: the last Sunday of May in France (the first of June when Pentecost takes it). */
export const feteDesMeres = defineHolidayCampaign({
  id: 'fete-des-meres',
  description: 'Fête des mères in France: a gift offer a week ahead, in French, with French codes',
  holiday: "Mother's Day",
  where: ['FR'],
  opensDaysBefore: 7,
  sendAt: '10:00',
  couponPool: 'fete-des-meres',
  template: 'fete-des-meres',
});

/** The second Sunday of May in the US and Canada; Britain's Mothering Sunday (Lent) is another market's day. */
export const mothersDayNorthAmerica = defineHolidayCampaign({
  id: 'mothers-day-north-america',
  description: "Mother's Day in the US and Canada: a gift offer ten days ahead, codes for the US and Canada",
  holiday: "Mother's Day",
  where: ['US', 'CA'],
  opensDaysBefore: 10,
  sendAt: '10:00',
  couponPool: 'mothers-day-north-america',
  template: 'mothers-day',
});

/** Boxing Day sales: a public holiday in Britain and Australia, and in Ontario alone of Canada's provinces. */
export const boxingDay = defineHolidayCampaign({
  id: 'boxing-day',
  description: 'Boxing Day sale where it is a public holiday (GB, AU, Ontario): the offer at 08:00 on the day',
  holiday: 'Boxing Day',
  where: ['GB', 'AU', 'CA-ON'],
  opensDaysBefore: 0,
  sendAt: '08:00',
  couponPool: 'boxing-day',
  template: 'boxing-day',
});

export const holidayCampaigns: readonly HolidayCampaign[] = [feteDesMeres, mothersDayNorthAmerica, boxingDay];

export function findCampaign(campaignId: string): HolidayCampaign | undefined {
  return holidayCampaigns.find((campaign) => campaign.id === campaignId);
}
