"""The English texts of the default SIPAS template's questions and choices, shown on an English
page (friendly_gov.bilingual): written on the template's questions when it is created, and on the
questions stored before they existed (migration 0005)."""

from __future__ import annotations

# By the Vietnamese text of a question (or of its help text).
ENGLISH = {
    "Nơi tiếp nhận, trả kết quả có đủ chỗ ngồi, trang thiết bị, dễ tìm?": (
        "Is the reception and results desk easy to find, with enough seats and equipment?"
    ),
    "Ông/Bà hài lòng thế nào về việc tiếp cận dịch vụ (nơi làm việc, chỗ ngồi, trang thiết bị)?": (
        "How satisfied are you with access to the service (the office, seating, equipment)?"
    ),
    "Thủ tục hành chính được niêm yết công khai, đầy đủ?": (
        "Are the administrative procedures posted publicly and in full?"
    ),
    "Ông/Bà hài lòng thế nào về thủ tục hành chính (thành phần hồ sơ, phí, lệ phí, thời hạn)?": (
        "How satisfied are you with the procedure (documents required, fees, time limits)?"
    ),
    "Công chức có thái độ lịch sự, hướng dẫn tận tình, dễ hiểu?": (
        "Was the officer polite, and did they guide you patiently and clearly?"
    ),
    "Ông/Bà hài lòng thế nào về công chức trực tiếp giải quyết công việc?": (
        "How satisfied are you with the officer who handled your case?"
    ),
    "Ông/Bà nhận kết quả đúng hẹn, thông tin chính xác?": (
        "Did you receive the result on the appointed date, with correct information?"
    ),
    "Ông/Bà hài lòng thế nào về kết quả giải quyết thủ tục hành chính?": (
        "How satisfied are you with the result of the procedure?"
    ),
    "Xã có hòm thư góp ý, số điện thoại tiếp nhận phản ánh công khai?": (
        "Does the commune have a public suggestion box and a telephone number for feedback?"
    ),
    "Ông/Bà hài lòng thế nào về việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị?": (
        "How satisfied are you with how suggestions, feedback and petitions are received and handled?"
    ),
    "Ông/Bà mong muốn cải thiện điều gì?": "What would you like to see improved?",
    "Nhìn chung, Ông/Bà hài lòng thế nào về sự phục vụ của xã?": (
        "Overall, how satisfied are you with the commune's service?"
    ),
    "Đây là lần thứ mấy Ông/Bà đến để giải quyết hồ sơ này?": (
        "How many times have you come for this application?"
    ),
    "Tên thủ tục Ông/Bà đã giải quyết (nếu nhớ)": "The procedure you came for (if you remember)",
    "Ý kiến khác của Ông/Bà": "Other comments",
    "Không ghi họ tên, số điện thoại hay địa chỉ.": (
        "Please do not write your name, telephone number or address."
    ),
}

# By the Vietnamese text of a choice.
OPTIONS_ENGLISH = {
    "Thêm chỗ ngồi chờ": "More seats in the waiting area",
    "Biển chỉ dẫn rõ hơn": "Clearer signs",
    "Trang thiết bị hiện đại hơn": "More modern equipment",
    "Mở thêm giờ làm việc": "Longer opening hours",
    "Giảm thành phần hồ sơ": "Fewer documents required",
    "Rút ngắn thời gian giải quyết": "Shorter processing time",
    "Giảm phí, lệ phí": "Lower fees and charges",
    "Giải quyết trực tuyến": "Online processing",
    "Thân thiện, lắng nghe hơn": "Friendlier, listening more",
    "Hướng dẫn rõ ràng hơn": "Clearer guidance",
    "Đúng giờ hơn": "More punctual",
    "Thành thạo chuyên môn hơn": "More professional skill",
    "Trả kết quả đúng hẹn": "Results on the appointed date",
    "Kết quả chính xác hơn": "More accurate results",
    "Nhận kết quả tại nhà, qua bưu điện": "Results delivered home, by post",
    "Trả lời góp ý nhanh hơn": "Faster answers to suggestions",
    "Nhiều cách góp ý hơn": "More ways to give feedback",
    "Công khai kết quả xử lý": "Publish how feedback was handled",
    "Lần đầu": "The first time",
    "Lần thứ hai": "The second time",
    "Từ ba lần trở lên": "Three times or more",
}


def fill(question) -> None:
    """Fills the English texts of a SIPAS question that has none, from ENGLISH."""
    question.text_en = question.text_en or ENGLISH.get(question.text, "")
    question.help_text_en = question.help_text_en or ENGLISH.get(question.help_text, "")
    if question.options and not question.options_en:
        english = [OPTIONS_ENGLISH.get(option, "") for option in question.options]
        question.options_en = english if any(english) else []
