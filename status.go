package canbo

// A person's status (tình trạng): whether they are still at work. Death is derived from the
// party record (membership ended for EndDeath); the rest is recorded by an officer with the
// day it took effect, because a retirement or a transfer out is a decision, not arithmetic
// (the reminders compute when retirement falls due; the decision may differ). Without either,
// a person is StatusWorking. See docs/DESIGN.md "Person status".
const (
	StatusWorking     = "working"     // đang công tác
	StatusRetired     = "retired"     // nghỉ hưu
	StatusTransferred = "transferred" // chuyển công tác (ra ngoài phạm vi quản lý)
	StatusDeceased    = "deceased"    // từ trần
)

// PersonStatuses lists the statuses in display order.
var PersonStatuses = []string{StatusWorking, StatusRetired, StatusTransferred, StatusDeceased}
