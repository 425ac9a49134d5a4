package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"canbo"
	"canbo/audit"
)

// Policy is who may call a route. Every route names one; routes_test.go fails on any that
// does not.
type Policy int

// Access policies, from the most open to the most closed.
const (
	policyNone Policy = iota // never valid: a route registered without thinking
	Public                   // anyone, signed in or not
	SignedIn                 // any signed-in user; data is still scoped
	Editor                   // administrators and organization officers
	Admin                    // administrators only
)

type route struct {
	Pattern string
	Policy  Policy
}

// Routes lists every registered route with its policy, for tests and documentation.
func (s *Server) Routes() []route { return s.routes }

// CheckPolicies reports the routes registered without an access policy. A policy-less route
// is also refused at run time (403), but it is a bug that tests must catch first.
func (s *Server) CheckPolicies() error {
	var bad []string
	for _, r := range s.routes {
		if r.Policy == policyNone {
			bad = append(bad, r.Pattern)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("routes without an access policy: %s", strings.Join(bad, ", "))
	}
	return nil
}

func (s *Server) registerRoutes() {
	// Static files and health.
	s.handle("GET /static/{name}", Public, s.static)
	s.handle("GET /healthz", Public, s.healthz)
	s.handle("GET /readyz", Public, s.readyz)

	// Sessions and preferences.
	s.handle("GET /login", Public, s.loginPage)
	s.handle("POST /login", Public, s.login)
	s.handle("GET /login/totp", Public, s.totpPage)
	s.handle("POST /login/totp", Public, s.totp)
	s.handle("POST /logout", SignedIn, s.logout)
	s.handle("POST /lang", Public, s.setLang)
	s.handle("GET /account/password", SignedIn, s.passwordPage)
	s.handle("POST /account/password", SignedIn, s.passwordChange)
	s.handle("GET /account/tokens", SignedIn, s.tokensPage)
	s.handle("POST /account/tokens", SignedIn, s.tokenCreate)
	s.handle("POST /account/tokens/{id}/revoke", SignedIn, s.tokenRevoke)

	// Organization.
	s.handle("GET /{$}", SignedIn, s.home)
	s.handle("GET /org", SignedIn, s.orgPage)
	s.handle("GET /org/tree", SignedIn, s.orgTree)
	s.handle("GET /org/search", SignedIn, s.orgSearch)
	s.handle("GET /org/units/{id}", SignedIn, s.unitPage)
	s.handle("GET /units/pick", SignedIn, s.unitPickSearch)
	s.handle("GET /people/pick", SignedIn, s.personPickSearch)
	s.handle("GET /org/events/new", Editor, s.eventForm)
	s.handle("POST /org/events/preview", Editor, s.eventPreview)
	s.handle("POST /org/events", Editor, s.eventCreate)

	// People.
	s.handle("GET /people", SignedIn, s.peoplePage)
	s.handle("GET /people/export.xlsx", SignedIn, s.peopleExport)
	s.handle("GET /people/forms-2c.zip", SignedIn, s.form2CBatch)
	s.handle("GET /people/new", Editor, s.personNew)
	s.handle("POST /people", Editor, s.personSave)
	s.handle("GET /people/{id}", SignedIn, s.personPage)
	s.handle("GET /people/{id}/edit", Editor, s.personEdit)
	s.handle("POST /people/{id}", Editor, s.personSave)
	s.handle("GET /people/places", Editor, s.placeSearch)
	s.handle("GET /people/positions", Editor, s.postPositionChoice)
	// Importing people from spreadsheets (import.go): upload, mapping, dry run, apply.
	s.handle("GET /imports", Editor, s.importPage)
	s.handle("POST /imports", Editor, s.importUpload)
	s.handle("GET /imports/template.xlsx", Editor, s.importTemplateGet)
	s.handle("GET /imports/{id}", Editor, s.importJobPage)
	s.handle("GET /imports/{id}/progress", Editor, s.importProgress)
	s.handle("POST /imports/{id}/mapping", Editor, s.importMapping)
	s.handle("POST /imports/{id}/apply", Editor, s.importApply)
	s.handle("GET /imports/{id}/errors.xlsx", Editor, s.importErrors)
	s.handle("POST /api/v1/imports", Editor, s.importCreateAPI)
	s.handle("GET /api/v1/imports/{id}", Editor, s.importGetAPI)
	s.handle("POST /api/v1/imports/{id}/apply", Editor, s.importApplyAPI)
	s.handle("GET /api/v1/imports/{id}/errors.xlsx", Editor, s.importErrors)
	s.handle("POST /imports/mappings/{id}/delete", Editor, s.importMappingDelete)
	s.handle("GET /api/v1/import-mappings", Editor, s.importMappingsAPI)
	s.handle("POST /api/v1/import-mappings", Editor, s.importMappingSaveAPI)
	s.handle("DELETE /api/v1/import-mappings/{id}", Editor, s.importMappingDeleteAPI)
	s.handle("GET /people/{id}/photo", SignedIn, s.photoGet)
	s.handle("POST /people/{id}/photo", Editor, s.photoUpload)
	s.handle("POST /people/{id}/photo/delete", Editor, s.photoDelete)
	s.handle("POST /people/{id}/posts", Editor, s.postAdd)
	s.handle("POST /people/{id}/posts/{post}/end", Editor, s.postEnd)
	s.handle("POST /people/{id}/posts/{post}/position", Editor, s.postPosition)
	s.handle("POST /people/{id}/entries", Editor, s.entryAdd)
	s.handle("POST /people/{id}/posts/{post}/remove", Editor, s.postRemove)
	s.handle("POST /people/{id}/entries/{entry}/remove", Editor, s.entryRemove)
	s.handle("POST /people/{id}/membership", Editor, s.membershipSave)
	s.handle("POST /people/{id}/membership/admit", Editor, s.admit)
	s.handle("POST /people/{id}/membership/transfers", Editor, s.transferAdd)
	s.handle("POST /people/{id}/membership/end", Editor, s.membershipEnd)
	s.handle("POST /people/{id}/status", Editor, s.personStatus)
	s.handle("POST /people/{id}/posts/{post}/edit", Editor, s.postEdit)
	s.handle("POST /people/{id}/entries/{entry}/edit", Editor, s.entryEdit)
	s.handle("POST /people/{id}/membership/transfers/{period}/edit", Editor, s.transferEdit)
	s.handle("POST /people/{id}/membership/transfers/{period}/remove", Editor, s.transferRemove)
	s.handle("POST /people/{id}/delete", Editor, s.personDelete)
	s.handle("GET /people/merge", Editor, s.mergePage)
	s.handle("POST /people/merge", Editor, s.merge)
	s.handle("POST /cleaning/not-duplicate", Editor, s.notDuplicate)
	s.handle("GET /people/{id}/facts", SignedIn, s.personFacts)
	s.handle("GET /people/{id}/forms/2c", SignedIn, s.form2CFile)

	// Reminders (nhắc việc).
	s.handle("GET /reminders", SignedIn, s.remindersPage)
	s.handle("GET /reminders/calendar", SignedIn, s.remindersCalendar)
	s.handle("GET /reminders/export.xlsx", SignedIn, s.remindersExport)
	s.handle("POST /reminders/handled", Editor, s.reminderHandled)

	// Party organisation: health and statistics.
	s.handle("GET /party/health", SignedIn, s.partyHealthPage)
	s.handle("GET /party/stats", SignedIn, s.partyStatsPage)
	s.handle("GET /party/stats.xlsx", SignedIn, s.partyStatsExport)
	s.handle("GET /reports", SignedIn, s.dashboardPage)
	s.handle("GET /reports/bieu01", SignedIn, s.bieu01Page)
	s.handle("GET /reports/bieu01.xlsx", SignedIn, s.bieu01Export)
	s.handle("GET /reports/bieu02", SignedIn, s.bieu02Page)
	s.handle("GET /reports/bieu02.xlsx", SignedIn, s.bieu02Export)

	// Consolidation plans (đề án kiện toàn).
	s.handle("GET /plans", Editor, s.plansPage)
	s.handle("POST /plans", Editor, s.planCreate)
	s.handle("GET /plans/{id}", Editor, s.planPage)
	s.handle("POST /plans/{id}/events", Editor, s.planAddEvent)
	s.handle("POST /plans/{id}/events/{n}/delete", Editor, s.planDeleteEvent)
	s.handle("POST /plans/{id}/propose", Editor, s.planPropose)
	s.handle("POST /plans/{id}/apply", Editor, s.planApply)
	s.handle("POST /plans/{id}/discard", Editor, s.planDiscard)

	// Data cleaning: likely duplicates and mistyped records of the caller's scope.
	s.handle("GET /cleaning", Editor, s.cleaningPage)
	s.handle("GET /cleaning.csv", Editor, s.cleaningExport)
	s.handle("GET /cleaning/unplaced", Editor, s.unplacedPage)
	s.handle("GET /cleaning/codes", Editor, s.codesPage)
	s.handle("POST /cleaning/codes", Editor, s.pickCode)

	// Staffing (biên chế, vị trí việc làm): headcount against quota, editors, the report.
	s.handle("GET /staffing", SignedIn, s.staffingPage)
	s.handle("GET /staffing.xlsx", SignedIn, s.staffingExport)
	s.handle("POST /staffing/quotas", Editor, s.staffingQuotaCreate)
	s.handle("POST /staffing/positions", Editor, s.staffingPositionCreate)
	s.handle("POST /staffing/positions/{id}/end", Editor, s.staffingPositionEnd)
	s.handle("POST /staffing/targets", Editor, s.staffingTargetSave)
	s.handle("POST /staffing/targets/{id}", Editor, s.staffingTargetSave)

	// Secondments (biệt phái) and cohorts (issue 17).
	s.handle("GET /secondments", SignedIn, s.secondmentsPage)
	s.handle("POST /secondments", Editor, s.secondmentCreate)
	s.handle("GET /secondments/{id}", SignedIn, s.secondmentPage)
	s.handle("POST /secondments/{id}/mentor", Editor, s.secondmentForm("mentor"))
	s.handle("POST /secondments/{id}/notes", Editor, s.secondmentForm("notes"))
	s.handle("POST /secondments/{id}/end", Editor, s.secondmentForm("end"))
	s.handle("GET /secondments/cohorts/{id}", SignedIn, s.cohortPage)
	s.handle("GET /secondments/cohorts/{id}/export.xlsx", SignedIn, s.cohortExport)
	s.handle("GET /secondments/units/{id}", SignedIn, s.unitSecondmentsPage)
	// Work programmes (chương trình công tác): pages, evidence files and the annual review.
	s.handle("GET /programmes", SignedIn, s.programmesPage)
	s.handle("POST /programmes", Editor, s.programmeCreate)
	s.handle("GET /programmes/mine", SignedIn, s.myItemsPage)
	s.handle("GET /programmes/compare", SignedIn, s.programmesCompare)
	s.handle("GET /programmes/{id}", SignedIn, s.programmePage)
	s.handle("GET /programmes/{id}/review.xlsx", SignedIn, s.programmeExport)
	s.handle("GET /programmes/{id}/review.docx", SignedIn, s.programmeWord)
	s.handle("POST /programmes/{id}/items", Editor, s.itemCreate)
	s.handle("GET /programme-items/{id}", SignedIn, s.itemPage)
	s.handle("POST /programme-items/{id}/status", Editor, s.itemStatus)
	s.handle("POST /programme-items/{id}/notes", Editor, s.itemNote)
	s.handle("POST /programme-items/{id}/files", Editor, s.itemFile)
	s.handle("GET /programme-items/{id}/files/{file}", SignedIn, s.evidenceGet)

	// Cadre planning and congress personnel (issue 14).
	s.handle("GET /planning", SignedIn, s.planningBoard)
	s.handle("GET /planning/export.xlsx", SignedIn, s.planningExport)
	s.handle("POST /planning/pools", Editor, s.planningPoolCreate)
	s.handle("GET /planning/pools/{id}", SignedIn, s.planningPool)
	s.handle("GET /planning/pools/{id}/compare", SignedIn, s.planningCompare)
	s.handle("POST /planning/pools/{id}/candidates", Editor, s.planningAddCandidate)
	s.handle("POST /planning/pools/{id}/candidates/{person}/{step}", Editor, s.planningCandidateStep)
	s.handle("POST /planning/congresses", Editor, s.planningCongressCreate)
	s.handle("GET /planning/congresses/{id}", SignedIn, s.planningCongress)
	s.handle("GET /planning/congresses/{id}/ballot", SignedIn, s.planningBallot)
	s.handle("GET /planning/congresses/{id}/ballot.pdf", SignedIn, s.planningBallotPDF)
	s.handle("POST /planning/congresses/{id}/candidates", Editor, s.planningCongressCandidate)
	s.handle("POST /planning/congresses/{id}/documents", Editor, s.planningCongressDocument)
	s.handle("POST /planning/congresses/{id}/rounds", Editor, s.planningCongressRound)
	// Training plans, courses and gaps (issue 17 item 3).
	s.handle("GET /training", SignedIn, s.trainingPage)
	s.handle("GET /training/plan.xlsx", SignedIn, s.trainingPlanExport)
	s.handle("POST /training/lines", Editor, s.trainingLineCreate)
	s.handle("POST /training/courses", Editor, s.trainingCourseCreate)
	s.handle("GET /training/courses/{id}", SignedIn, s.trainingCourse)
	s.handle("POST /training/courses/{id}/enrolments", Editor, s.trainingEnrol)
	s.handle("POST /training/courses/{id}/enrolments/{person}/complete", Editor, s.trainingComplete)
	s.handle("GET /training/gaps", SignedIn, s.trainingGaps)
	s.handle("GET /training/gaps.xlsx", SignedIn, s.trainingGapsExport)
	// Registries: local regulations and innovation proposals (issue 16).
	s.handle("GET /regulations", SignedIn, s.regulationsPage)
	s.handle("GET /regulations/new", Editor, s.regulationNew)
	s.handle("GET /regulations/export.xlsx", SignedIn, s.regulationsExport)
	s.handle("POST /regulations", Editor, s.regulationCreate)
	s.handle("GET /regulations/{id}", SignedIn, s.regulationPage)
	s.handle("GET /regulations/{id}/edit", Editor, s.regulationEdit)
	s.handle("POST /regulations/{id}", Editor, s.regulationUpdate)
	s.handle("GET /proposals", SignedIn, s.proposalsPage)
	s.handle("GET /proposals/new", Editor, s.proposalNew)
	s.handle("GET /proposals/export.xlsx", SignedIn, s.proposalsExport)
	s.handle("POST /proposals", Editor, s.proposalCreate)
	s.handle("GET /proposals/{id}", SignedIn, s.proposalPage)
	s.handle("POST /proposals/{id}/meeting", Editor, s.proposalMeeting)
	s.handle("POST /proposals/{id}/steps", Editor, s.proposalStep)
	s.handle("GET /good-models", SignedIn, s.goodModelsPage)
	s.handle("POST /good-models", Editor, s.goodModelCreate)
	s.handle("POST /good-models/{id}/{step}", Editor, s.goodModelStepForm)
	s.handle("GET /good-models/{id}", SignedIn, s.goodModelPage)
	s.handle("POST /good-models/{id}/files", Editor, s.goodModelFileForm)
	s.handle("GET /good-models/{id}/files/{file}", SignedIn, s.modelFileGet)
	s.handle("GET /good-models/bundle.zip", SignedIn, s.goodModelsBundle)

	// Administration.
	s.handle("GET /admin/users", Admin, s.usersPage)
	s.handle("GET /admin/users/new", Admin, s.userNew)
	s.handle("POST /admin/users", Admin, s.userSave)
	s.handle("GET /admin/users/{id}", Admin, s.userEdit)
	s.handle("POST /admin/users/{id}", Admin, s.userSave)
	s.handle("POST /admin/sessions/{id}/revoke", Admin, s.sessionRevoke)
	s.handle("GET /admin/repair", Admin, s.repairPage)
	s.handle("POST /admin/repair", Admin, s.repairRun)

	// Rules: parameter versions and their legal basis, the calculator.
	s.handle("GET /rules", SignedIn, s.rulesPage)
	s.handle("GET /rules/calculator", SignedIn, s.calculator)
	s.handle("GET /rules/{rule}/versions/new", Admin, s.ruleVersionNew)
	s.handle("POST /rules/{rule}/versions/new", Admin, s.ruleVersionCreate)

	s.handle("GET /admin/audit", Admin, s.auditPage)
	s.handle("GET /admin/audit.csv", Admin, s.auditExport)

	// JSON API.
	s.handle("GET /api/v1/openapi.json", Public, s.apiOpenAPI)
	s.handle("GET /api/v1/kinds", SignedIn, s.apiKinds)
	s.handle("GET /api/v1/units", SignedIn, s.apiUnits)
	s.handle("GET /api/v1/units/pick", SignedIn, s.unitPickSearch)
	s.handle("GET /api/v1/units/{id}", SignedIn, s.apiUnit)
	s.handle("GET /api/v1/units/{id}/history", SignedIn, s.apiUnitHistory)
	s.handle("GET /api/v1/units/{id}/links", SignedIn, s.apiUnitLinks)
	s.handle("POST /api/v1/units", Editor, s.apiCreateUnit)
	s.handle("POST /api/v1/units/{id}/links", Editor, s.apiCreateLink)
	s.handle("POST /api/v1/events", Editor, s.apiCreateEvent)
	s.handle("GET /api/v1/rules", SignedIn, s.apiRules)
	s.handle("POST /api/v1/rules/{rule}/versions", Admin, s.apiAddRuleVersion)
	s.handle("GET /api/v1/rules/retirement", SignedIn, s.apiRetirement)
	s.handle("GET /api/v1/rules/congress", SignedIn, s.apiCongress)
	s.handle("GET /api/v1/people", SignedIn, s.apiPeople)
	s.handle("POST /api/v1/people", Editor, s.apiCreatePerson)
	s.handle("GET /api/v1/people/{id}", SignedIn, s.apiPerson)
	s.handle("PATCH /api/v1/people/{id}", Editor, s.apiPatchPerson)
	s.handle("GET /api/v1/people/{id}/timeline", SignedIn, s.apiTimeline)
	s.handle("GET /api/v1/people/{id}/forms/2c", SignedIn, s.form2CFile)
	s.handle("POST /api/v1/people/{id}/posts", Editor, s.apiAddPost)
	s.handle("POST /api/v1/people/{id}/entries", Editor, s.apiAddEntry)
	s.handle("DELETE /api/v1/people/{id}/posts/{post}", Editor, s.apiRemovePart)
	s.handle("DELETE /api/v1/people/{id}/entries/{entry}", Editor, s.apiRemovePart)
	s.handle("PUT /api/v1/people/{id}/posts/{post}", Editor, s.apiEditPost)
	s.handle("PUT /api/v1/people/{id}/entries/{entry}", Editor, s.apiEditEntry)
	s.handle("PUT /api/v1/people/{id}/membership/transfers/{period}", Editor, s.apiEditTransfer)
	s.handle("DELETE /api/v1/people/{id}/membership/transfers/{period}", Editor, s.apiRemovePart)
	s.handle("DELETE /api/v1/people/{id}", Editor, s.apiDeletePerson)
	s.handle("POST /api/v1/people/{id}/merge", Editor, s.apiMerge)
	s.handle("PUT /api/v1/people/{id}/status", Editor, s.apiSetStatus)
	s.handle("POST /api/v1/cleaning/not-duplicates", Editor, s.apiNotDuplicate)
	s.handle("GET /api/v1/people/{id}/photo", SignedIn, s.photoGet)
	s.handle("PUT /api/v1/people/{id}/photo", Editor, s.apiPutPhoto)
	s.handle("DELETE /api/v1/people/{id}/photo", Editor, s.apiDeletePhoto)
	s.handle("GET /api/v1/people/{id}/places", SignedIn, s.apiPlaces)
	s.handle("POST /api/v1/people/{id}/posts/{post}/end", Editor, s.apiEndPost)
	s.handle("POST /api/v1/people/{id}/membership", Editor, s.apiAdmit)
	s.handle("POST /api/v1/people/{id}/membership/transfers", Editor, s.apiTransfer)
	s.handle("PATCH /api/v1/people/{id}/membership", Editor, s.apiPatchMembership)
	s.handle("POST /api/v1/people/{id}/membership/end", Editor, s.apiEndMembership)
	s.handle("GET /api/v1/reminders", SignedIn, s.apiReminders)
	s.handle("GET /api/v1/regulations", SignedIn, s.apiRegulations)
	s.handle("POST /api/v1/regulations", Editor, s.apiCreateRegulation)
	s.handle("GET /api/v1/regulations/{id}", SignedIn, s.apiRegulation)
	s.handle("PUT /api/v1/regulations/{id}", Editor, s.apiUpdateRegulation)
	s.handle("GET /api/v1/proposals", SignedIn, s.apiProposals)
	s.handle("POST /api/v1/proposals", Editor, s.apiCreateProposal)
	s.handle("GET /api/v1/proposals/{id}", SignedIn, s.apiProposal)
	s.handle("POST /api/v1/proposals/{id}/meeting", Editor, s.apiProposalMeeting)
	s.handle("POST /api/v1/proposals/{id}/steps", Editor, s.apiProposalStep)
	s.handle("GET /api/v1/planning/pools", SignedIn, s.apiPools)
	s.handle("POST /api/v1/planning/pools", Editor, s.apiCreatePool)
	s.handle("GET /api/v1/planning/pools/{id}", SignedIn, s.apiPool)
	s.handle("GET /api/v1/planning/pools/{id}/history", SignedIn, s.apiPoolHistory)
	s.handle("POST /api/v1/planning/pools/{id}/candidates", Editor, s.apiAddPoolCandidate)
	s.handle("POST /api/v1/planning/pools/{id}/candidates/{person}/{step}", Editor, s.apiCandidateStep)
	s.handle("GET /api/v1/training/plans", SignedIn, s.apiTrainingPlan)
	s.handle("POST /api/v1/training/plans", Editor, s.apiSaveTrainingPlan)
	s.handle("POST /api/v1/training/courses", Editor, s.apiCreateCourse)
	s.handle("GET /api/v1/training/courses/{id}", SignedIn, s.apiCourse)
	s.handle("POST /api/v1/training/courses/{id}/enrolments", Editor, s.apiEnrol)
	s.handle("POST /api/v1/training/courses/{id}/enrolments/{person}/complete", Editor, s.apiCompleteCourse)
	s.handle("GET /api/v1/training/gaps", SignedIn, s.apiTrainingGaps)
	s.handle("GET /api/v1/congresses", SignedIn, s.apiCongresses)
	s.handle("POST /api/v1/congresses", Editor, s.apiCreateCongress)
	s.handle("GET /api/v1/congresses/{id}", SignedIn, s.apiCongressGet)
	s.handle("POST /api/v1/congresses/{id}/candidates", Editor, s.apiAddCongressCandidate)
	s.handle("POST /api/v1/congresses/{id}/documents", Editor, s.apiAddCongressDocument)
	s.handle("GET /api/v1/congresses/{id}/ballot", SignedIn, s.apiBallot)
	s.handle("POST /api/v1/congresses/{id}/rounds", Editor, s.apiRecordRound)
	s.handle("GET /api/v1/good-models", SignedIn, s.apiGoodModels)
	s.handle("POST /api/v1/good-models", Editor, s.apiCreateGoodModel)
	s.handle("POST /api/v1/good-models/{id}/{step}", Editor, s.apiGoodModelStep)
	s.handle("GET /api/v1/good-models/{id}", SignedIn, s.apiGoodModel)
	s.handle("POST /api/v1/good-models/{id}/files", Editor, s.apiAddModelFile)
	s.handle("GET /api/v1/good-models/{id}/files/{file}", SignedIn, s.modelFileGet)
	s.handle("GET /api/v1/cleaning", Editor, s.apiCleaning)
	s.handle("GET /api/v1/cleaning/codes", Editor, s.apiCodeFindings)
	s.handle("GET /api/v1/vocab", SignedIn, s.apiVocab)
	s.handle("POST /api/v1/cleaning/codes", Editor, s.apiPickCode)
	s.handle("GET /api/v1/tokens", SignedIn, s.apiTokens)
	s.handle("DELETE /api/v1/tokens/{id}", SignedIn, s.apiRevokeToken)
	s.handle("GET /api/v1/party/health", SignedIn, s.apiPartyHealth)
	s.handle("GET /api/v1/party/stats", SignedIn, s.apiPartyStats)
	s.handle("GET /api/v1/reports/bieu01", SignedIn, s.apiBieu01)
	s.handle("GET /api/v1/reports/bieu02", SignedIn, s.apiBieu02)
	s.handle("GET /api/v1/plans", Editor, s.apiPlans)
	s.handle("POST /api/v1/plans", Editor, s.apiCreatePlan)
	s.handle("GET /api/v1/plans/{id}", Editor, s.apiPlan)
	s.handle("PUT /api/v1/plans/{id}", Editor, s.apiUpdatePlan)
	s.handle("POST /api/v1/plans/{id}/propose", Editor, s.apiProposePlan)
	s.handle("POST /api/v1/plans/{id}/preview", Editor, s.apiPreviewPlan)
	s.handle("POST /api/v1/plans/{id}/apply", Editor, s.apiApplyPlan)
	s.handle("POST /api/v1/plans/{id}/discard", Editor, s.apiDiscardPlan)
	s.handle("GET /api/v1/units/{id}/staffing", SignedIn, s.apiStaffing)
	s.handle("GET /api/v1/units/{id}/secondments", SignedIn, s.apiUnitSecondments)
	s.handle("POST /api/v1/secondments", Editor, s.apiCreateSecondments)
	s.handle("GET /api/v1/secondments/{id}", SignedIn, s.apiSecondment)
	s.handle("POST /api/v1/secondments/{id}/mentor", Editor, s.apiSecondmentChange("mentor"))
	s.handle("POST /api/v1/secondments/{id}/notes", Editor, s.apiSecondmentChange("notes"))
	s.handle("POST /api/v1/secondments/{id}/end", Editor, s.apiSecondmentChange("end"))
	s.handle("GET /api/v1/cohorts/{id}", SignedIn, s.apiCohort)
	s.handle("POST /api/v1/units/{id}/quotas", Editor, s.apiAddQuota)
	s.handle("POST /api/v1/units/{id}/positions", Editor, s.apiAddPosition)
	s.handle("POST /api/v1/units/{id}/staffing-targets", Editor, s.apiAddStaffingTarget)
	s.handle("PUT /api/v1/people/{id}/posts/{post}/position", Editor, s.apiAssignPosition)
	s.handle("PUT /api/v1/staffing-targets/{id}", Editor, s.apiUpdateStaffingTarget)
	s.handle("POST /api/v1/positions/{id}/end", Editor, s.apiEndPosition)
	s.handle("GET /api/v1/programmes", SignedIn, s.apiProgrammes)
	s.handle("POST /api/v1/programmes", Editor, s.apiCreateProgramme)
	s.handle("GET /api/v1/programmes/{id}", SignedIn, s.apiProgramme)
	s.handle("POST /api/v1/programmes/{id}/items", Editor, s.apiAddItem)
	s.handle("GET /api/v1/programmes/{id}/completion", SignedIn, s.apiCompletion)
	s.handle("GET /api/v1/programme-items/{id}", SignedIn, s.apiItem)
	s.handle("POST /api/v1/programme-items/{id}/status", Editor, s.apiAddStatus)
	s.handle("POST /api/v1/programme-items/{id}/notes", Editor, s.apiAddNote)
	s.handle("POST /api/v1/programme-items/{id}/files", Editor, s.apiAddEvidence)
	s.handle("GET /api/v1/programme-items/{id}/files/{file}", SignedIn, s.evidenceGet)
	s.handle("PUT /api/v1/users/{id}/person", Admin, s.apiLinkAccount)
}

// handle registers a route behind its access policy.
func (s *Server) handle(pattern string, p Policy, h http.HandlerFunc) {
	s.routes = append(s.routes, route{pattern, p})
	s.mux.Handle(pattern, s.authorize(p, h))
}

// authorize resolves the caller (session cookie or bearer token) and applies the policy before
// the handler runs; the user then travels in the request context, where stores find the scope.
func (s *Server) authorize(p Policy, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.RequestTimeout)
		defer cancel()
		r = r.WithContext(audit.WithRequest(ctx, s.clientIP(r)))
		if r.Method == http.MethodGet && r.URL.Query().Get("as_of") != "" {
			// A profile opened from a list of that day (FindPerson); a bad date is reported
			// by the handlers that read as_of themselves.
			if on, err := asOfParam(r, s.Now()); err == nil {
				r = r.WithContext(canbo.WithAsOf(r.Context(), on))
			}
		}
		u, err := s.currentUser(w, r)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if p == Public {
			if u != nil {
				r = r.WithContext(canbo.NewContextWithUser(r.Context(), u))
			}
			h(w, r)
			return
		}
		if u == nil {
			if r.Header.Get("Authorization") != "" {
				s.securityEvent(r, "auth.invalid_token", r.Method+" "+r.URL.Path, "")
			}
			s.unauthenticated(w, r)
			return
		}
		r = r.WithContext(canbo.NewContextWithUser(r.Context(), u))
		switch {
		case p == Editor && !u.Role.CanEdit(), p == Admin && u.Role != canbo.RoleAdmin, p == policyNone:
			s.securityEvent(r, "auth.denied", r.Method+" "+r.URL.Path, "")
			s.error(w, r, canbo.Errork(canbo.EFORBIDDEN, "err.web.routes.forbidden"))
			return
		}
		h(w, r)
	})
}
