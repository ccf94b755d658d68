"""The ward's records as a clerk keeps them: patients (`patients`, the lists' `patient_rows`),
beds and stays (`beds`, `reservations`; wards and beds in `layout`), staff (`staff`,
`staff_pairs`), appointments, billing, care requests for the ward planner (`care_requests`),
users and their SSH keys (`users`, `user_keys`); `lookups` finds what a clerk names."""
