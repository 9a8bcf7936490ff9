# Themes: after the ESSGLOBAL themes vocabulary (http://purl.org/essglobal/standard/themes/, RIPESS), labels revised and translated to Korean by Pumasi.
# SDGs: the 17 Sustainable Development Goals of the United Nations (short titles).

## ESSGLOBAL 주제
theme-t1 = 전환마을과 주거권
theme-t1-note = 주거와 이동에 관한 주제를 다룹니다.
theme-t2 = 먹거리 주권과 소농
theme-t2-note = 먹거리와 농업에 관한 주제를 다룹니다.
theme-t3 = 사회적금융과 연대금융
theme-t3-note = 금융에 관한 주제를 다룹니다.
theme-t4 = 연대경제의 개념과 가치
theme-t4-note = 다양한 경제에 관한 주제를 다룹니다.
theme-t5 = 환경과 공유재
theme-t5-note = 환경, 에너지, 공유재에 관한 주제를 다룹니다.
theme-t6 = 공공정책
theme-t6-note = 공공정책에 관한 주제를 다룹니다.
theme-t7 = 자유 문화와 열린 지식
theme-t7-note = 자유 문화와 열린 지식에 관한 주제를 다룹니다.
theme-t8 = 민중교육과 역량 강화
theme-t8-note = 교육과 배움에 관한 주제를 다룹니다.
theme-t9 = 연대와 책임에 기반한 생산·유통·소비
theme-t9-note = 생산, 유통, 소비에 관한 주제를 다룹니다.
theme-t10 = 지역 발전과 좋은 삶(부엔 비비르)
theme-t10-note = 지역 발전과 웰빙에 관한 주제를 다룹니다.
theme-t11 = 국제협력
theme-t11-note = 국제협력에 관한 주제를 다룹니다.
theme-t12 = 사회정의와 사회통합, 빈곤 퇴치
theme-t12-note = 사회정의와 빈곤 완화에 관한 주제를 다룹니다.
theme-t13 = 양질의 일자리와 자주관리
theme-t13-note = 양질의 일자리와 자주관리에 관한 주제를 다룹니다.
theme-t14 = 여성
theme-t14-note = 여성에 관한 주제를 다룹니다.
theme-t15 = 사회연대경제 운동의 조직화와 네트워크(국내·국제)
theme-t15-note = 네트워크 구축과 사회운동에 관한 주제를 다룹니다.
theme-t16 = 연구와 기술
theme-t16-note = 연구와 기술에 관한 주제를 다룹니다.
theme-t17 = 원주민과 전통 공동체
theme-t17-note = 원주민과 그 공동체에 관한 주제를 다룹니다.
theme-t18 = 대안 미디어와 정보
theme-t18-note = 소통과 정보에 관한 주제를 다룹니다.
theme-t19 = 기타 주제
theme-t19-note = 그 밖의 주제를 다룹니다.

## 유엔 지속가능발전목표(SDGs)
sdg-1 = 빈곤 퇴치
sdg-2 = 기아 종식
sdg-3 = 건강과 웰빙
sdg-4 = 양질의 교육
sdg-5 = 성평등
sdg-6 = 깨끗한 물과 위생
sdg-7 = 모두를 위한 깨끗한 에너지
sdg-8 = 양질의 일자리와 경제성장
sdg-9 = 산업, 혁신과 사회기반시설
sdg-10 = 불평등 감소
sdg-11 = 지속가능한 도시와 공동체
sdg-12 = 지속가능한 소비와 생산
sdg-13 = 기후변화 대응
sdg-14 = 해양 생태계 보존
sdg-15 = 육상 생태계 보호
sdg-16 = 평화, 정의, 강력한 제도
sdg-17 = 지구촌 협력
