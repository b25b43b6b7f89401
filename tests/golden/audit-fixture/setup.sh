# The audit fixture (not a test: no cmd here): a small society seen on 2026-01-15.
#   ann  enrolled 2022 (April 2020 guidelines, grandfathered); everything met
#   cai  enrolled 2024 (June 2023 criteria); one of every anomaly
#   dee  enrolled January 2023 (grandfathered); part of the way, leadership training waived
#   eve  a group member, not enrolled;  fay  enrolled, no entries yet
#   helen accredited leader (2015), logs her own groups;  bo  accredited in March 2025
set -e
here=$(dirname "${BASH_SOURCE[0]}")
balint init -q
balint import people "$here/people.csv" -q
balint accreditation add helen --family bbs-leader --on 2015-06-01 -q
balint accreditation add bo --family bbs-leader --on 2025-03-01 -q
balint membership add ann --body "UK Balint Society" --from 2022-01-01 -q
balint membership add cai --body "UK Balint Society" --from 2023-01-01 --to 2024-06-30 -q
balint membership add cai --body "UK Balint Society" --from 2024-10-01 -q
balint membership add dee --body "UK Balint Society" --from 2020-01-01 -q
balint enrol ann --family bbs-leader --on 2022-09-01 -q
balint enrol cai --family bbs-leader --on 2024-02-01 -q
balint enrol dee --family bbs-leader --on 2023-01-10 -q
balint enrol fay --family bbs-leader --on 2025-06-01 -q
balint document add ann --type supervisor-report --on 2024-06-01 -q
balint waive dee --rules bbs-leader-2020 --requirement leadership-training \
  --reason "prior learning: IBF leadership workshop" --by helen --on 2024-01-01 -q
balint import entries "$here/entries.csv" -q
id=$(balint log --person cai --date 2024-12-10 --activity group --role member --minutes 90 \
  --group "Thursday group" --leader helen --verified-by helen)
balint void "$id" --reason "logged for the wrong person" -q
