// Package adminunits holds the real Vietnamese administrative units before and after the
// restructuring of 1 July 2025 (63 provinces → 34, district level abolished, 10,035 commune-level
// units → 3,321) and reads them into a Plan: plain data, no database, no HTTP. Import turns the
// plan into dated restructuring events in a store: production reference data that every
// deployment loads, kept apart from the synthetic demo (package demo).
//
// The three official lists are embedded (data/README.md gives their provenance), so a deployed
// binary needs no files. They are real government lists and disagree in places; the loader
// reconciles what it can, says how in Plan.Early and Plan.Problems, and leaves the rest as
// unresolved problems rather than guessing. What it found, checked by the tests:
//
//   - The January list (4 Jan 2025) has 10,051 commune-level units in 696 districts; 5 island
//     districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no communes and are
//     listed on their own rows. One ward has the wrong level ("Phường 5", Phú Nhuận, Cấp "Xã");
//     some names say "Thị Trấn" for "Thị trấn"; names and district names have doubled spaces.
//   - The conversion table has 10,571 data rows. Its old codes name 10,035 distinct units, which
//     is the official count before the reform: the January list less 19 units that disappeared
//     in the first half of 2025 (no row in the table) plus 3 wards created in that time (Mộc Lỵ,
//     Bình Minh, Cờ Đỏ, when Mộc Châu became a town). The January list less the disappeared alone
//     gives 10,032, three short.
//   - 7 HCMC wards (Bình Thạnh, Phú Nhuận, Quận 6, Quận 11) have another code in the table than in
//     January and are matched by name within their district (EarlyRenumbered).
//   - 3 rows give an old unit the code of a neighbour (Xã Đặng Xá with Xã Cổ Bi's code, Xã Mỹ Hưng
//     with Xã Hồng Quang's, Xã Phú Thịnh with Xã Công Đa's): where rows under one code name two
//     units, the row whose name is not the January one gets the code its name has in the same
//     district.
//   - 18 units have the same code but another name or kind in the table (renamed or made wards or
//     townlets before July, e.g. Xã Viêng Lán → Thị trấn Yên Châu), 50 only another spelling
//     (Xà Phìn / Sà Phìn, Quí / Quý, EaBar / Ea Bar); 2 districts changed kind (Mộc Châu, Phú Mỹ).
//   - For the 19 units that disappeared, the lists tell the absorber of 7 (a unit of the same
//     district that carries the lost unit's name, or the only unit of the district renamed before
//     July), narrow it to 3 candidates for 3 (Mộc Châu), and say nothing for 9.
//   - One "old unit" is not a unit at all: the coastal alluvial area managed by Kim Sơn district,
//     merged into Xã Kim Đông (a Source with no code). One unit (Xã Kỳ Lợi) went "whole by area"
//     into one ward and "part of its population" into two others; it is kept as written.
//   - The island districts became special zones with a new code and no old commune
//     (NewCommune.FromDistrict); Xã Thổ Châu became a special zone on its own (Unchanged).
//   - Names in the table and in the July list differ in tone-mark placement (Hoà / Hòa), apostrophe
//     shape (' / ’), a missing diacritic ("Xa Ea Kly") and case ("xã Bắc Sơn"): the July list's
//     names are used, case-corrected, and each difference is a resolved problem. The table's old
//     province is wrong on 3 rows (the January list wins), and one province banner names the wrong
//     province ("Tỉnh Bắc Ninh (24)" above the rows of Phú Thọ).
//
// ParseConversion is the same reader applied to a user's file.
package adminunits
