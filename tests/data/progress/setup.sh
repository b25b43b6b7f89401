# A small ledger for the progress, accredit and waive golden tests (run from the test folder).
#   ann  not yet eligible for bbs-leader-2020: 14 of 20 co-led sessions, 1 of 2 training
#        events, supervision only by bo before bo was accredited, no supervisor's report;
#        entry 23 is a duplicate, voided
#   cy   meets every bbs-leader requirement
#   dan  enrolled in bbs-leader 2023-01-10, eve 2024-01-10: 20 member sessions in 2022 led
#        by bo, who was accredited only on 2024-09-01
#   helen accredited bbs-leader leader since 2015; bo since 2024-09-01
set -e
data="$REPO/tests/data/progress"
balint init -q
balint person add ann --name "Ann Åkesson" -q
balint person add cy --name "Cy Ó Briain" -q
balint person add dan --name "Dan Dunne" -q
balint person add eve --name "Eve Ευαγγέλου" -q
balint person add helen --name "Helen Hart" -q
balint person add bo --name "Bo Berg" -q
balint person add sec --name "Society Secretary" -q
for p in ann cy dan eve; do
  balint membership add "$p" --body "UK Balint Society" --from 2021-01-01 -q
done
balint accreditation add helen --family bbs-leader --on 2015-06-01 -q
balint accreditation add bo --family bbs-leader --on 2024-09-01 -q
balint enrol ann --family bbs-leader --on 2022-01-01 -q
balint enrol dan --family bbs-leader --on 2023-01-10 -q
balint enrol eve --family bbs-leader --on 2024-01-10 -q
balint import entries "$data/entries.csv" -q
balint void 23 --reason "entered twice" --as-of 2023-01-01 -q
balint document add cy --type supervisor-report --on 2023-12-01 -q
