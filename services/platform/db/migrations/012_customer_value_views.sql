-- Views for BI tools (Metabase, Superset, a spreadsheet's PostgreSQL connector): customer
-- value in the shop's currency, in minor units as everywhere else. Documented in the README.

-- One row per customer with orders: the projection's figures and the last recompute's reading.
create view bi_customer_value as
select m.customer_id, m.orders, m.net_revenue, m.average_order_value, m.first_order_at, m.last_order_at,
       m.median_days_between_orders, m.unconverted_orders,
       s.recency_score, s.frequency_score, s.monetary_score, s.rfm_cell, s.rfm_group, s.bottom_20,
       s.current_value_score, s.potential_value_score, s.purchase_latency_days, s.latency_source,
       s.probability_alive, s.predicted_orders, s.predicted_value, s.potential_value,
       s.potential_value - s.predicted_value as value_gap, s.computed_at as scored_at
from customer_metrics m left join customer_scores s using (customer_id)
where m.orders > 0;

-- Each RFM group: its size, its share of the base, what it has spent and is predicted to spend.
create view bi_rfm_groups as
select rfm_group, count(*) as customers, round(100.0 * count(*) / sum(count(*)) over (), 1) as percent_of_customers,
       sum(net_revenue) as net_revenue, round(avg(net_revenue)) as average_net_revenue,
       round(avg(predicted_value)) as average_predicted_value, round(avg(purchase_latency_days)::numeric, 1) as average_latency_days
from bi_customer_value where rfm_group is not null group by rfm_group;

-- CLV on average (the practice's "CLV per customer and on average"), historical and predicted.
create view bi_customer_value_summary as
select count(*) as customers, round(avg(net_revenue)) as average_historical_value,
       round(avg(predicted_value)) as average_predicted_value, round(avg(potential_value)) as average_potential_value,
       percentile_cont(0.5) within group (order by purchase_latency_days) as median_latency_days,
       count(*) filter (where bottom_20) as bottom_20_customers
from bi_customer_value;
