package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/vn"
)

// proposalRequest is the body of POST /api/v1/proposals and the new-proposal form.
type proposalRequest struct {
	PersonID   int64                  `json:"person_id"`
	UnitID     int64                  `json:"unit_id"`
	Title      string                 `json:"title"`
	ReceivedOn string                 `json:"received_on"`
	Sections   canbo.ProposalSections `json:"sections"`
}

func (req *proposalRequest) toProposal() (*canbo.Proposal, error) {
	on, err := vn.ParseDayField("received_on", req.ReceivedOn)
	if err != nil {
		return nil, err
	}
	return &canbo.Proposal{PersonID: req.PersonID, UnitID: req.UnitID, Title: req.Title, ReceivedOn: on, Sections: req.Sections}, nil
}

// headSide is the head's side in a tie: JSON true or "for" (also "approve", "yes") is in favour,
// false or "against" ("reject", "no") against; null or absent is not given.
type headSide struct{ v *bool }

func (h *headSide) UnmarshalJSON(b []byte) error {
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	yes, no := true, false
	switch t := x.(type) {
	case nil:
		h.v = nil
	case bool:
		h.v = &t
	case string:
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "for", "approve", "yes", "true":
			h.v = &yes
		case "against", "reject", "no", "false":
			h.v = &no
		default:
			return canbo.Invalid("head_decides", "err.web.proposals_params.head_decides_value", t)
		}
	default:
		return canbo.Invalid("head_decides", "err.web.proposals_params.head_decides")
	}
	return nil
}

// meetingRequest is the body of POST /api/v1/proposals/{id}/meeting and the meeting form.
type meetingRequest struct {
	On          string   `json:"on"`
	For         int      `json:"for"`
	Against     int      `json:"against"`
	Voters      []int64  `json:"voters"`
	HeadDecides headSide `json:"head_decides"`
	Note        string   `json:"note"`
}

func (req *meetingRequest) toMeeting() (canbo.Meeting, error) {
	on, err := vn.ParseDayField("on", req.On)
	if err != nil {
		return canbo.Meeting{}, err
	}
	return canbo.Meeting{On: on, For: req.For, Against: req.Against, Voters: req.Voters, HeadFor: req.HeadDecides.v, Note: req.Note}, nil
}

// stepRequest is the body of POST /api/v1/proposals/{id}/steps and the step form.
type stepRequest struct {
	Step     string `json:"step"`
	On       string `json:"on"`
	Note     string `json:"note"`
	Achieved *bool  `json:"achieved"`
	Damage   *bool  `json:"damage"`
	Outcome  string `json:"outcome"`
}

func (req *stepRequest) toStep() (canbo.ProposalStep, error) {
	on, err := vn.ParseDayField("on", req.On)
	if err != nil {
		return canbo.ProposalStep{}, err
	}
	return canbo.ProposalStep{Step: req.Step, On: on, Note: req.Note, Achieved: req.Achieved, Damage: req.Damage, Outcome: req.Outcome}, nil
}

// formInts reads a form field of ids separated by commas or spaces.
func formInts(field, v string) ([]int64, error) {
	var out []int64
	for s := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, canbo.Invalid(field, "err.web.proposals_params.id", field, s)
		}
		out = append(out, id)
	}
	return out, nil
}

// formInt reads a non-negative count from a form.
func formInt(field, v string) (int, error) {
	if strings.TrimSpace(v) == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, canbo.Invalid(field, "err.web.params.not_negative", field)
	}
	return n, nil
}

// formBool reads a yes/no select ("" is not given).
func formBool(v string) *bool {
	switch v {
	case "yes", "true", "for":
		b := true
		return &b
	case "no", "false", "against":
		b := false
		return &b
	}
	return nil
}

// proposalFilter reads the registry's query: q, status, offset, limit.
func proposalFilter(r *http.Request) (canbo.ProposalFilter, error) {
	q := r.URL.Query()
	f := canbo.ProposalFilter{Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Limit: 100}
	var err error
	if f.Offset, err = formInt("offset", q.Get("offset")); err != nil {
		return f, err
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = formInt("limit", v); err != nil || f.Limit == 0 {
			return f, canbo.Invalid("limit", "err.web.params.limit_positive")
		}
	}
	return f, nil
}
