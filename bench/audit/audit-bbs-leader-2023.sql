-- The audit of `balint audit --rules bbs-leader-2023` by hand in SQL: for everyone enrolled in
-- bbs-leader or with entries, each top-level requirement's value and the verdict, on the date
-- in the temp table `asof` (set by run.sh). The anomaly checks are not included.
.mode csv
.headers on
WITH
acc AS (SELECT person, min(granted_on) AS since FROM accreditation
        WHERE family = 'bbs-leader' GROUP BY person),
live AS (SELECT e.* FROM entry e
         WHERE e.date <= (SELECT d FROM asof)
           AND NOT EXISTS (SELECT 1 FROM void v WHERE v.entry = e.id)),
m AS (
  SELECT l.person,
    sum(l.activity = 'group' AND l.role = 'member' AND la.since <= l.date) AS member_acc,
    count(DISTINCT CASE WHEN l.activity = 'group' AND l.role = 'member' AND la.since <= l.date
                        AND l.event <> '' THEN l.event END) AS weekends_acc,
    sum(l.activity = 'group' AND l.role IN ('leader', 'co-leader')) AS leading,
    sum(l.activity = 'group' AND l.role = 'co-leader' AND la.since <= l.date) AS co_leading_acc,
    count(DISTINCT CASE WHEN l.activity = 'group' AND l.role IN ('leader', 'co-leader')
                        AND l.setting <> '' THEN l.setting END) AS settings,
    sum(l.activity = 'leadership-training') AS training,
    sum(l.activity = 'leadership-training' AND coalesce(l.days, 1) >= 2) AS two_day,
    sum(l.activity = 'supervision' AND l.role = 'supervisee' AND sa.since <= l.date) AS supervision,
    sum(l.activity = 'peer-supervision') AS peer
  FROM live l
  LEFT JOIN acc la ON la.person = l.leader
  LEFT JOIN acc sa ON sa.person = l.supervisor
  GROUP BY l.person),
w AS (SELECT person, requirement FROM waiver
      WHERE ruleset = 'bbs-leader-2023' AND granted_on <= (SELECT d FROM asof)),
r AS (
  SELECT p.id AS person,
    EXISTS (SELECT 1 FROM membership ms WHERE ms.person = p.id AND ms.body = 'UK Balint Society'
            AND ms.date_from <= (SELECT d FROM asof)
            AND (ms.date_to IS NULL OR ms.date_to >= (SELECT d FROM asof))) AS membership,
    CASE WHEN (SELECT value FROM person_attr a WHERE a.person = p.id
               AND a.key = 'psychodynamic_training') = 'yes'
         THEN coalesce(m.member_acc, 0) >= 8 OR coalesce(m.weekends_acc, 0) >= 2
              OR coalesce(m.member_acc, 0) >= 20
         ELSE coalesce(m.member_acc, 0) >= 20 END AS group_experience,
    coalesce(m.leading, 0) AS leading,
    coalesce(m.co_leading_acc, 0) AS co_leading_accredited,
    coalesce(m.settings, 0) AS settings,
    coalesce(m.training, 0) AS leadership_training,
    coalesce(m.two_day, 0) AS two_day_event,
    coalesce(m.supervision, 0) AS supervision,
    EXISTS (SELECT 1 FROM document d WHERE d.person = p.id AND d.type = 'supervisor-report'
            AND d.dated <= (SELECT d FROM asof)) AS supervisor_report,
    coalesce(m.peer, 0) AS peer_supervision
  FROM person p LEFT JOIN m ON m.person = p.id
  WHERE m.person IS NOT NULL
     OR EXISTS (SELECT 1 FROM enrolment en WHERE en.person = p.id AND en.family = 'bbs-leader'))
SELECT r.*,
  (membership OR EXISTS (SELECT 1 FROM w WHERE w.person = r.person AND requirement = 'membership'))
  AND (group_experience OR EXISTS (SELECT 1 FROM w WHERE w.person = r.person AND requirement = 'group-experience'))
  AND (leading >= 20 OR EXISTS (SELECT 1 FROM w WHERE w.person = r.person AND requirement = 'leading'))
  AND (leadership_training >= 2 OR EXISTS (SELECT 1 FROM w WHERE w.person = r.person AND requirement = 'leadership-training'))
  AND (supervision >= 1 OR EXISTS (SELECT 1 FROM w WHERE w.person = r.person AND requirement = 'supervision'))
  AND (supervisor_report OR EXISTS (SELECT 1 FROM w WHERE w.person = r.person AND requirement = 'supervisor-report'))
  AS eligible
FROM r ORDER BY r.person;
